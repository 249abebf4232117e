import type { FromSchema } from "json-schema-to-ts";
import type { Meeting } from "../workspace/meeting-repository.ts";
import type { PdsaCycle } from "../workspace/pdsa-cycle-repository.ts";
import type { Plan, PlanAim } from "../workspace/plan-repository.ts";
import type {
  ChecklistAnswer,
  DriverDiagram,
  PlanProblem,
  TeamMember,
} from "../workspace/plan-sections-repository.ts";
import { isOverdue } from "./cycle-overdue.ts";
import { agendaOf, type ImprovementTemplates } from "./improvement-templates.ts";
import type { PlanDraft } from "./plan-draft.ts";
import type { PlanProgress } from "./plan-progress.ts";
import type { CYCLE, MEETING, PLAN, PLAN_DRAFT, PLAN_SUMMARY, SCHOOL_PLAN } from "./plan-schema.ts";

/* The workspace's records as the API shows them ({@link PLAN} and its parts). */

export type PlanJson = FromSchema<typeof PLAN>;
export type CycleJson = FromSchema<typeof CYCLE>;
export type MeetingJson = FromSchema<typeof MEETING>;

/** Today's date, `YYYY-MM-DD`, in UTC (due dates are calendar dates). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function cycleJson(c: PdsaCycle, today: string): CycleJson {
  return {
    id: c.id,
    cycle_number: c.cycleNumber,
    school_code: c.schoolCode,
    title: c.title,
    change_idea: c.changeIdea,
    change_idea_key: c.changeIdeaKey,
    question: c.question,
    prediction: c.prediction,
    who: c.who,
    what: c.what,
    when: c.when,
    where: c.where,
    data_to_collect: c.dataToCollect,
    due_on: c.dueOn,
    ran_as_planned: c.ranAsPlanned,
    what_happened: c.whatHappened,
    results: c.results,
    decision: c.decision,
    parent_cycle_id: c.parentCycleId,
    started_at: c.startedAt.toISOString(),
    ended_at: c.endedAt?.toISOString() ?? null,
    overdue: isOverdue(c, today),
  };
}

export function meetingJson(m: Meeting): MeetingJson {
  return {
    id: m.id,
    title: m.title,
    held_at: m.heldAt.toISOString(),
    duration_minutes: m.durationMinutes,
    location: m.location,
    protocol: m.protocol,
    agenda: m.agenda,
    held: m.held,
    attendance: m.attendance.map((a) => ({
      school_code: a.schoolCode,
      role_title: a.roleTitle,
      name: a.name,
    })),
    notes: m.notes,
    actions: m.actions.map((a) => ({
      kind: a.kind,
      text: a.text,
      owner: a.owner,
      due_on: a.dueOn,
    })),
  };
}

export function planSummaryJson(p: Plan): FromSchema<typeof PLAN_SUMMARY> {
  return {
    id: p.id,
    kind: p.kind,
    run_id: p.runId,
    school_level: p.schoolLevel,
    group_key: p.groupKey,
    title: p.title,
    status: p.status,
    schools: p.schools.map((s) => ({
      school_code: s.schoolCode,
      school_name: s.schoolName,
      role: s.role,
    })),
  };
}

/** A plan's aim as the API shows it. */
function aimJson(aim: PlanAim): PlanJson["aim"] {
  return {
    what: aim.what,
    metric: aim.metric,
    student_group: aim.studentGroup,
    baseline: aim.baseline,
    target: aim.target,
    by: aim.by,
    for_whom: aim.forWhom,
  };
}

/** A plan as a school's report shows it: summary, facilitator, aim and progress. */
export function schoolPlanJson(
  p: Plan,
  facilitator: string | null,
  progress: PlanProgress,
): FromSchema<typeof SCHOOL_PLAN> {
  return {
    ...planSummaryJson(p),
    facilitator,
    aim: aimJson(p.aim),
    progress: {
      cycles_started: progress.cyclesStarted,
      cycles_completed: progress.cyclesCompleted,
      adopted: progress.adopted,
      adapted: progress.adapted,
      abandoned: progress.abandoned,
      cycles_overdue: progress.cyclesOverdue,
      meetings_held: progress.meetingsHeld,
      last_meeting: progress.lastMeeting,
      next_meeting: progress.nextMeeting,
    },
  };
}

/** Everything the plan page shows. */
export interface PlanRecord {
  readonly plan: Plan;
  readonly facilitator: string | null;
  readonly problems: readonly PlanProblem[];
  readonly diagram: DriverDiagram;
  readonly checklist: readonly ChecklistAnswer[];
  readonly team: readonly TeamMember[];
  readonly cycles: readonly PdsaCycle[];
  readonly meetings: readonly Meeting[];
}

/**
 * The plan as the API shows it. The checklist is the template's items with the plan's answers
 * (an item not answered yet is `not_started`); only the version the plan was made with is known
 * here, so a plan of another version shows its answers under their keys.
 */
export function planJson(r: PlanRecord, templates: ImprovementTemplates, today: string): PlanJson {
  const p = r.plan;
  const template = templates.checklist;
  const answers = new Map(r.checklist.map((a) => [a.itemKey, a]));
  const sameTemplate =
    p.checklistTemplate !== null &&
    p.checklistTemplate.id === template.id &&
    p.checklistTemplate.version === template.version;
  return {
    ...planSummaryJson(p),
    facilitator: r.facilitator,
    aim: aimJson(p.aim),
    agreement: p.agreement,
    problems: r.problems.map((x) => ({
      metric: x.metric,
      student_group: x.studentGroup,
      statement: x.statement,
    })),
    drivers: { nodes: [...r.diagram.nodes], links: [...r.diagram.links] },
    checklist:
      p.checklistTemplate === null
        ? null
        : {
            template_id: p.checklistTemplate.id,
            version: p.checklistTemplate.version,
            title: sameTemplate ? template.title : p.checklistTemplate.id,
            items: sameTemplate
              ? template.items.map((item) => ({
                  key: item.key,
                  label: item.label,
                  prompt: item.prompt,
                  status: answers.get(item.key)?.status ?? "not_started",
                  note: answers.get(item.key)?.note ?? "",
                }))
              : r.checklist.map((a) => ({
                  key: a.itemKey,
                  label: a.itemKey,
                  prompt: "",
                  status: a.status,
                  note: a.note,
                })),
          },
    team: r.team.map((m) => ({
      school_code: m.schoolCode,
      name: m.name,
      role_title: m.roleTitle,
    })),
    cycles: r.cycles.map((c) => cycleJson(c, today)),
    meetings: r.meetings.map(meetingJson),
    protocols: templates.protocols.protocols.map((x) => ({
      key: x.key,
      label: x.label,
      purpose: x.purpose,
      agenda: agendaOf(x),
    })),
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt?.toISOString() ?? null,
  };
}

export function draftJson(d: PlanDraft, planId: number | null): FromSchema<typeof PLAN_DRAFT> {
  return {
    run_id: d.runId,
    year: d.year,
    kind: d.kind,
    school_level: d.schoolLevel,
    group_key: d.groupKey,
    title: d.title,
    schools: d.schools.map((s) => ({
      school_code: s.schoolCode,
      school_name: s.schoolName,
      role: s.role,
    })),
    problems: d.problems.map((p) => ({
      metric: p.metric,
      metric_label: p.metricLabel,
      student_group: p.studentGroup,
      group_label: p.groupLabel,
      statement: p.statement,
      source: p.source,
      figures: p.figures.map((f) => ({
        school_code: f.schoolCode,
        n: f.n,
        value: f.value,
        level: f.level,
        change_to_next: f.changeToNext,
        withheld: f.withheld,
      })),
    })),
    aim: aimJson(d.aim),
    plan_id: planId,
  };
}
