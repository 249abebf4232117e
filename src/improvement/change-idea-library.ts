import type { FromSchema } from "json-schema-to-ts";
import { enrollmentBand } from "../disclosure/enrollment-band.ts";
import { readSchoolContexts } from "../identification/school-context.ts";
import { readTierRows } from "../results/tier-rows.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { CompletedCycle } from "../workspace/change-idea-repository.ts";
import type { CHANGE_IDEA } from "./change-idea-schema.ts";

export type ChangeIdeaJson = FromSchema<typeof CHANGE_IDEA>;

/** What a run knows of each school × level that the library shows as context. */
export interface RunSchoolFacts {
  /** Census-day enrolment (exact: shown only as a band). */
  readonly enrollment: ReadonlyMap<string, number>;
  readonly tier: ReadonlyMap<string, string>;
}

const key = (schoolCode: string, schoolLevel: string) => `${schoolCode}|${schoolLevel}`;

/** No facts: a plan without a run, or a run whose pairing inputs were never saved. */
export const NO_RUN_FACTS: RunSchoolFacts = { enrollment: new Map(), tier: new Map() };

/**
 * The enrolment (from the run's saved pairing inputs, `school_context`) and support tier
 * (`identification`) of every school × level of run `runId`. Runs are immutable, so callers may
 * keep the answer.
 */
export async function readRunSchoolFacts(
  warehouse: Warehouse,
  runId: string,
): Promise<RunSchoolFacts> {
  const [contexts, tiers] = await Promise.all([
    readSchoolContexts(warehouse, runId),
    readTierRows(warehouse, runId, {}),
  ]);
  return {
    enrollment: new Map(contexts.map((c) => [key(c.schoolCode, c.schoolLevel), c.enrollment])),
    tier: new Map(tiers.map((t) => [key(t.school_code, t.school_level), t.tier])),
  };
}

/**
 * A completed cycle as the library shows it to any signed-in reader: what was tested, the
 * prediction, what happened, the results and the decision, and the context — the school, its
 * district (code and name) and level, the plan's problems (measure × student group), its size as a band
 * ({@link enrollmentBand}, never the count) and its tier when the reader may read the run
 * (`showTier`). Who ran it (names) and the plan's own records stay in the plan.
 */
export function changeIdeaJson(
  c: CompletedCycle,
  districtName: string | null,
  facts: RunSchoolFacts,
  minN: number,
  showTier: boolean,
  label: (metric: string) => string,
): ChangeIdeaJson {
  const at =
    c.schoolCode !== null && c.schoolLevel !== null ? key(c.schoolCode, c.schoolLevel) : "";
  return {
    cycle_id: c.cycleId,
    title: c.title,
    change_idea: c.changeIdea,
    question: c.question,
    prediction: c.prediction,
    what: c.what,
    when: c.when,
    where: c.where,
    data_to_collect: c.dataToCollect,
    ran_as_planned: c.ranAsPlanned,
    what_happened: c.whatHappened,
    results: c.results,
    decision: c.decision,
    follows_cycle_id: c.parentCycleId,
    started_at: c.startedAt.toISOString(),
    ended_at: c.endedAt?.toISOString() ?? null,
    context: {
      kind: c.planKind,
      school_code: c.schoolCode,
      school_name: c.schoolName,
      district_code: c.districtCode,
      district_name: districtName,
      school_level: c.schoolLevel,
      problems: c.problems.map((p) => ({
        metric: p.metric,
        metric_label: label(p.metric),
        student_group: p.studentGroup,
        statement: p.statement,
      })),
      enrollment_band: enrollmentBand(facts.enrollment.get(at) ?? null, minN),
      tier: showTier ? (facts.tier.get(at) ?? null) : null,
    },
  };
}
