import type { DisclosureReader } from "../disclosure/disclosure-reader.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Plan } from "../workspace/plan-repository.ts";
import type { WorkspaceRepositories } from "../workspace/workspace-repositories.ts";
import { agendaOf, type ImprovementTemplates } from "./improvement-templates.ts";
import { type GroupRef, planDraft } from "./plan-draft.ts";
import { type DatedRepositories, seedDemoFacilitation } from "./seed-demo-facilitation.ts";

/** How many of the run's pairs and communities get a demo plan. */
export const DEMO_PAIRS = 3;
export const DEMO_COMMUNITIES = 2;

const DAY = 86_400_000;

/** `YYYY-MM-DD` of a date. */
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * When a demo seeded on `today` has its work begin: the first of the month seven months earlier,
 * so that three quarterly meetings have been held (the latest in this quarter), the fourth is
 * ahead, and the hub's roll-up of the current quarter has content.
 */
export function demoWorkStart(today: Date): Date {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 7, 1));
}

/**
 * Seeds the demo workspace with a year of improvement work: plans for the latest run's first
 * pairs and communities (drafted from the identification, as a facilitator would create them),
 * each with a driver diagram, checklist answers, a working agreement, teams (roles, no personal
 * names), a ramp of PDSA cycles per school, quarterly meetings and a year of process measures
 * (weekly counts the team keeps), then the facilitation part (monthly progress scores, reviews:
 * `seedDemoFacilitation`). `input.dated` gives repositories whose clock reads a given time, so
 * that plans, cycles, reviews and scores carry the dates they would have had (default: `repos`,
 * dated now). Does nothing when any plan exists. Returns the plans created.
 */
export async function seedDemoPlans(
  reader: DisclosureReader,
  repos: WorkspaceRepositories,
  templates: ImprovementTemplates,
  input: {
    runId: string;
    year: number;
    facilitatorId: number;
    hubId: number;
    dated?: DatedRepositories;
    /** The first day of the work (default: 1 September after the run's year). */
    start?: Date;
    /** Nothing dated after it is recorded (weekly counts, monthly scores); default: no end. */
    until?: Date;
  },
): Promise<number> {
  const dated = input.dated ?? (() => repos);
  if ((await repos.plans.list()).length > 0) return 0;
  const { runId, year } = input;
  const pairs = await reader.warehouse.all<{ school_code: string; school_level: string }>(
    `SELECT school_code, school_level FROM pairings
     WHERE run_id = ${sqlString(runId)} AND partner_code IS NOT NULL
     ORDER BY school_level, school_code LIMIT ${DEMO_PAIRS}`,
  );
  const communities = await reader.warehouse.all<{ community_id: string; school_level: string }>(
    `SELECT DISTINCT community_id, school_level FROM communities
     WHERE run_id = ${sqlString(runId)} AND community_id IS NOT NULL
     ORDER BY community_id LIMIT ${DEMO_COMMUNITIES}`,
  );
  const refs: GroupRef[] = [
    ...pairs.map((p) => ({
      runId,
      year,
      kind: "pair" as const,
      schoolLevel: p.school_level,
      groupKey: p.school_code,
    })),
    ...communities.map((c) => ({
      runId,
      year,
      kind: "community" as const,
      schoolLevel: c.school_level,
      groupKey: c.community_id,
    })),
  ];
  // The work began in the autumn after the run's year was identified.
  const start = input.start ?? new Date(Date.UTC(year, 8, 1));
  const protocols = templates.protocols.protocols;
  const at = (days: number) => new Date(start.getTime() + days * DAY);
  const made: Plan[] = [];
  for (const ref of refs) {
    const draft = await planDraft(reader, ref, () => false);
    const plan = await dated(at(-14)).plans.create({
      kind: draft.kind,
      runId,
      schoolLevel: draft.schoolLevel,
      groupKey: draft.groupKey,
      title: draft.title,
      schools: draft.schools,
      facilitatorId: input.facilitatorId,
      aim: draft.aim,
      checklistTemplate: { id: templates.checklist.id, version: templates.checklist.version },
      createdBy: input.facilitatorId,
    });
    made.push(plan);
    await dated(at(-7)).plans.update(plan.id, {
      status: "active",
      agreement: {
        norms:
          "Start and end on time; bring data, not anecdotes; every school presents; no student names.",
        roles: `${draft.schools[0]?.schoolName ?? "The lead school"} hosts; the facilitator keeps time and notes; each principal owns their school's cycles.`,
        cadence:
          "Quarterly meetings (a PDSA review, a data dive, a consultancy); monthly 30-minute check-ins.",
      },
    });
    await repos.planSections.replaceProblems(
      plan.id,
      draft.problems.map((p) => ({
        metric: p.metric,
        studentGroup: p.studentGroup,
        statement: p.statement,
      })),
    );
    await repos.planSections.replaceDiagram(plan.id, {
      nodes: [
        { key: "p1", kind: "primary", label: "Family and student engagement" },
        { key: "p2", kind: "primary", label: "Use of data to act early" },
        { key: "s1", kind: "secondary", label: "Early, personal contact with families" },
        { key: "s2", kind: "secondary", label: "Weekly review of who needs support" },
        { key: "c1", kind: "change_idea", label: "Call families on day 2 of an absence" },
        { key: "c2", kind: "change_idea", label: "Ten-minute Monday data huddle by grade" },
      ],
      links: [
        { from: "s1", to: "p1" },
        { from: "s2", to: "p2" },
        { from: "c1", to: "s1" },
        { from: "c2", to: "s2" },
        { from: "c2", to: "s1" },
      ],
    });
    await repos.planSections.setChecklist(
      plan.id,
      templates.checklist.items.map((item, i) => ({
        itemKey: item.key,
        status: i < 3 ? "in_place" : i < 5 ? "in_progress" : "not_started",
        note: "",
      })),
      new Set(templates.checklist.items.map((i) => i.key)),
    );
    await repos.planSections.replaceTeam(
      plan.id,
      draft.schools.flatMap((s) => [
        { schoolCode: s.schoolCode, name: "Principal", roleTitle: "Principal" },
        { schoolCode: s.schoolCode, name: "Teacher lead", roleTitle: "Grade-level teacher" },
        { schoolCode: s.schoolCode, name: "Counsellor", roleTitle: "Counsellor" },
      ]),
      new Set(draft.schools.map((s) => s.schoolCode)),
    );
    for (const [si, school] of draft.schools.entries()) {
      const firstDue = 35 + si * 7;
      const first = await dated(at(7)).pdsaCycles.start({
        planId: plan.id,
        schoolCode: school.schoolCode,
        title: "Day-2 calls",
        changeIdea: "Call families on day 2 of an absence",
        changeIdeaKey: "c1",
        question: "Do calls on day 2 bring students back within a week?",
        prediction: "Half of the students called return within 5 school days",
        who: "Attendance clerk and counsellor",
        what: "A short scripted call to each family",
        when: "Four weeks",
        where: "One grade level",
        dataToCollect: "Daily count of calls made and students returned",
        dueOn: day(at(firstDue)),
        createdBy: input.facilitatorId,
      });
      await dated(at(firstDue)).pdsaCycles.update(first.id, {
        ranAsPlanned: true,
        whatHappened: "Most families were reached on the first try; some numbers were wrong.",
        results: "Somewhat more than half returned within 5 days, a little above the prediction.",
        decision: "adapt",
      });
      const secondDue = 100 + si * 7;
      const second = await dated(at(firstDue + 3)).pdsaCycles.start({
        planId: plan.id,
        schoolCode: school.schoolCode,
        parentCycleId: first.id,
        title: "Day-2 calls, two grades",
        changeIdea: "Day-2 calls with updated family contacts, in two grade levels",
        changeIdeaKey: "c1",
        question: "Does the effect hold with a second grade and a second caller?",
        prediction: "The share returning within 5 days stays above half",
        who: "Attendance clerk, counsellor, one teacher",
        what: "Scripted calls; contacts checked at the start",
        when: "Six weeks",
        where: "Two grade levels",
        dataToCollect: "Weekly counts by grade",
        dueOn: day(at(secondDue)),
        createdBy: input.facilitatorId,
      });
      if (si === 0) {
        await dated(at(secondDue)).pdsaCycles.update(second.id, {
          ranAsPlanned: true,
          whatHappened: "Both grades ran the calls every week.",
          results: "The share held; teachers asked to add a text message on day 1.",
          decision: "adopt",
        });
      }
    }
    for (let q = 0; q < 4; q++) {
      const protocol = protocols[q % protocols.length]!;
      const held = q < 3;
      await repos.meetings.add({
        planId: plan.id,
        createdBy: input.facilitatorId,
        title: `Quarter ${q + 1}: ${protocol.label}`,
        heldAt: new Date(start.getTime() + (14 + q * 91) * DAY + 16 * 3_600_000),
        durationMinutes: 90,
        location: `${draft.schools[q % draft.schools.length]?.schoolName ?? "Online"}`,
        protocol: protocol.key,
        agenda: agendaOf(protocol),
        held,
        notes: held
          ? "Each school presented its cycles; partners asked what they would try next."
          : "",
        attendance: held
          ? [
              ...draft.schools.map((s) => ({
                schoolCode: s.schoolCode,
                roleTitle: "Principal and teacher lead",
                name: "",
              })),
              { schoolCode: null, roleTitle: "Facilitator", name: "" },
            ]
          : [],
        actions: held
          ? [
              {
                kind: "decision",
                text: "Keep day-2 calls; test a day-1 text next",
                owner: "",
                dueOn: null,
              },
              {
                kind: "next_step",
                text: "Share the call script and the weekly count sheet",
                owner: draft.schools[0]?.schoolName ?? "Lead school",
                dueOn: day(new Date(start.getTime() + (28 + q * 91) * DAY)),
              },
            ]
          : [],
      });
    }
    await seedProcessMeasures(repos, plan.id, draft.schools[0]?.schoolCode ?? null, start, input);
  }
  await seedDemoFacilitation(repos, dated, made, {
    start,
    until: input.until ?? null,
    facilitatorId: input.facilitatorId,
    hubId: input.hubId,
  });
  return made.length;
}

/** A small repeating wobble, so the demo's counts vary as real weekly counts do. */
const WOBBLE = [0, 2, -1, 1, -2, 1, 0, -1, 2];

/**
 * A year of the team's own counts: families called about an absence each week (the whole plan's,
 * a run chart), rising once the day-2 calls start and again when a second grade joins; and the
 * students reviewed at the lead school's Monday huddle (an XmR chart). Weeks of the winter break
 * have no value.
 */
async function seedProcessMeasures(
  repos: WorkspaceRepositories,
  planId: number,
  leadSchool: string | null,
  start: Date,
  input: { facilitatorId: number; until?: Date },
): Promise<void> {
  const last = input.until ? day(input.until) : "9999-12-31";
  const calls = await repos.processMeasures.create({
    planId,
    name: "Families called about an absence",
    unit: "families",
    chart: "run",
    direction: "higher_is_better",
    description: "Counted each Friday from the attendance clerk's call log.",
    createdBy: input.facilitatorId,
  });
  const huddle = await repos.processMeasures.create({
    planId,
    name: "Students reviewed at the Monday huddle",
    unit: "students",
    chart: "xmr",
    direction: "higher_is_better",
    schoolCode: leadSchool,
    createdBy: input.facilitatorId,
  });
  for (let w = 0; w < 40; w++) {
    if (w === 16 || w === 17) continue;
    const date = day(new Date(start.getTime() + (4 + w * 7) * DAY));
    if (date > last) break;
    const wobble = WOBBLE[w % WOBBLE.length]!;
    await repos.processMeasures.recordValue(calls.id, {
      date,
      value: 9 + (w >= 4 ? 7 : 0) + (w >= 9 ? 5 : 0) + wobble,
      enteredBy: input.facilitatorId,
    });
    await repos.processMeasures.recordValue(huddle.id, {
      date,
      value: 24 + (w >= 10 ? 6 : 0) - wobble,
      enteredBy: input.facilitatorId,
    });
  }
}
