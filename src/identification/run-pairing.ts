import type { Framework } from "../domain/framework/framework-schema.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { contextSimilarity } from "./context-similarity.ts";
import {
  type Community,
  type FocusSchool,
  formCommunities,
  type Problem,
  problemId,
  type Unplaced,
} from "./form-communities.ts";
import type { Trigger } from "./identify-schools.ts";
import { type PairingPlan, pairSchools } from "./pair-schools.ts";
import { effectivePairs } from "./pairing-overrides.ts";
import { COMMUNITIES_COLUMNS, PAIRINGS_COLUMNS } from "./pairing-tables.ts";
import { readSchoolContexts, type SchoolContext, writeSchoolContext } from "./school-context.ts";

/** The run to pair schools for, and the latest run of the year before (source of existing pairs). */
export interface PairingContext {
  readonly runId: string;
  readonly year: number;
  readonly framework: Framework;
  readonly priorRunId: string | null;
  /**
   * The districts whose schools are paired and placed in communities (members and opted-in
   * participants); the others are not candidates and do not weigh in context similarity. Null:
   * every district.
   */
  readonly identifiedDistricts?: readonly string[] | null;
}

/** Everything the pairing stage reads, gathered from the warehouse (small: one row per school). */
export interface PairingInputs {
  readonly contexts: SchoolContext[];
  readonly tiers: { schoolCode: string; schoolLevel: string; tier: string; triggers: Trigger[] }[];
  readonly measureLevels: Map<string, Map<string, number>>;
  readonly priorPairs: { schoolCode: string; schoolLevel: string; partnerCode: string }[];
}

const key = (code: string, level: string) => `${code}|${level}`;

/**
 * Reads the run's school contexts (writing them first when `write`), tiers, triggers and index
 * measure levels, and last year's effective pairs.
 */
export async function readPairingInputs(
  warehouse: Warehouse,
  context: PairingContext,
): Promise<PairingInputs> {
  const run = sqlString(context.runId);
  const identified = context.identifiedDistricts ?? null;
  const contexts = (await readSchoolContexts(warehouse, context.runId)).filter(
    (c) => identified === null || identified.includes(c.districtCode),
  );
  const tiers = (
    await warehouse.all<{
      school_code: string;
      school_level: string;
      tier: string;
      triggers: string;
    }>(
      `SELECT school_code, school_level, tier, triggers::VARCHAR AS triggers FROM identification
       WHERE run_id = ${run} ORDER BY school_code, school_level`,
    )
  ).map((r) => ({
    schoolCode: r.school_code,
    schoolLevel: r.school_level,
    tier: r.tier,
    triggers: JSON.parse(r.triggers) as Trigger[],
  }));
  const measureLevels = new Map<string, Map<string, number>>();
  for (const r of await warehouse.all<{
    school_code: string;
    school_level: string;
    metric: string;
    measure_level: number;
  }>(
    `SELECT c.school_code, c.school_level, c.metric, c.measure_level FROM index_components c
     JOIN identification i ON i.run_id = c.run_id AND i.school_code = c.school_code AND i.school_level = c.school_level
     WHERE c.run_id = ${run} AND i.tier IN ('priority', 'partner_eligible')`,
  )) {
    const k = key(r.school_code, r.school_level);
    const map = measureLevels.get(k) ?? new Map<string, number>();
    map.set(r.metric, Number(r.measure_level));
    measureLevels.set(k, map);
  }
  const priorPairs =
    context.priorRunId === null ? [] : await effectivePairs(warehouse, context.priorRunId);
  return { contexts, tiers, measureLevels, priorPairs };
}

/**
 * Plans pairings and communities from gathered inputs (pure): priority schools are paired with
 * {@link pairSchools}, focus schools grouped with {@link formCommunities}.
 */
export function planPairing(
  inputs: PairingInputs,
  framework: Framework,
): { plan: PairingPlan; communities: Community[]; unplaced: Unplaced[]; warnings: string[] } {
  const contextOf = new Map(inputs.contexts.map((c) => [key(c.schoolCode, c.schoolLevel), c]));
  const similarity = contextSimilarity(inputs.contexts);
  const levelsOf = (code: string, level: string) =>
    inputs.measureLevels.get(key(code, level)) ?? new Map<string, number>();
  const priority = inputs.tiers
    .filter((t) => t.tier === "priority")
    .map((t) => ({
      schoolCode: t.schoolCode,
      schoolLevel: t.schoolLevel,
      context: contextOf.get(key(t.schoolCode, t.schoolLevel)) ?? null,
      measureLevels: levelsOf(t.schoolCode, t.schoolLevel),
    }));
  const partners = inputs.tiers.flatMap((t) => {
    const context = contextOf.get(key(t.schoolCode, t.schoolLevel));
    return t.tier === "partner_eligible" && context
      ? [{ context, measureLevels: levelsOf(t.schoolCode, t.schoolLevel) }]
      : [];
  });
  const plan = pairSchools({
    priority,
    partners,
    similarity,
    priorPairs: inputs.priorPairs,
    framework,
  });
  const focus: FocusSchool[] = inputs.tiers.flatMap((t) => {
    const context = contextOf.get(key(t.schoolCode, t.schoolLevel));
    if (t.tier !== "focus" || !context) return [];
    const problems = new Map<string, Problem>();
    for (const trigger of t.triggers)
      for (const m of trigger.measures) {
        const p = { group: m.studentGroup, metric: m.metric, level: m.level };
        problems.set(`${p.group}|${p.metric}`, p);
      }
    return [{ context, problems: [...problems.values()] }];
  });
  const { communities, unplaced } = formCommunities(focus, similarity, framework);
  const missing = inputs.tiers.filter(
    (t) => t.tier === "focus" && !contextOf.has(key(t.schoolCode, t.schoolLevel)),
  );
  return {
    plan,
    communities,
    unplaced,
    warnings: [
      ...similarity.warnings.map((w) => w.message),
      ...missing.map(
        (t) =>
          `focus school ${t.schoolCode} (${t.schoolLevel}) has no census-day students: left out of communities`,
      ),
    ],
  };
}

const num = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? "NULL" : String(v);
const str = (v: string | null) => (v === null ? "NULL" : sqlString(v));

async function insertRows(
  warehouse: Warehouse,
  table: string,
  rows: string[],
  columns?: string,
): Promise<void> {
  const into = columns === undefined ? table : `${table} (${columns})`;
  for (let start = 0; start < rows.length; start += 500)
    await warehouse.run(`INSERT INTO ${into} VALUES ${rows.slice(start, start + 500).join(",\n")}`);
}

/**
 * The pairing stage of a run, after identification: writes `school_context`, then
 * `pairing_candidates`, `pairings` and `communities` for the run. Returns warnings.
 */
export async function runPairing(
  warehouse: Warehouse,
  context: PairingContext,
): Promise<{
  warnings: string[];
  plan: PairingPlan;
  communities: Community[];
  unplaced: Unplaced[];
}> {
  await writeSchoolContext(warehouse, context);
  const inputs = await readPairingInputs(warehouse, context);
  const result = planPairing(inputs, context.framework);
  const head = `${sqlString(context.runId)}, ${context.year}`;
  await insertRows(
    warehouse,
    "pairing_candidates",
    result.plan.candidates.map(
      (c) =>
        `(${head}, ${sqlString(c.schoolCode)}, ${sqlString(c.schoolLevel)}, ${sqlString(c.partnerCode)}, ${num(c.cost.cost)}, ${num(c.cost.contextDistance)}, ${c.cost.contextRank}, ${num(c.cost.strengthGap)}, ${num(c.cost.distanceKm)}, ${c.cost.sameDistrict}, ${str(c.cost.blockedBy)}, ${sqlString(JSON.stringify(c.cost.strengths))})`,
    ),
  );
  await insertRows(
    warehouse,
    "pairings",
    result.plan.pairings.map(
      (p) =>
        `(${head}, ${sqlString(p.schoolCode)}, ${sqlString(p.schoolLevel)}, ${str(p.partnerCode)}, ${num(p.cost?.cost)}, ${num(p.cost?.contextDistance)}, ${num(p.cost?.contextRank)}, ${num(p.cost?.strengthGap)}, ${num(p.cost?.distanceKm)}, ${p.kept}, ${sqlString(JSON.stringify(p.facts))})`,
    ),
    PAIRINGS_COLUMNS,
  );
  await insertRows(
    warehouse,
    "communities",
    [
      ...result.communities.flatMap((c) =>
        c.members.map(
          (m) =>
            `(${head}, ${sqlString(c.id)}, ${sqlString(m.school.context.schoolCode)}, ${sqlString(c.schoolLevel)}, ${sqlString(m.school.context.districtCode)}, ${sqlString(problemId(m.problem))}, ${m.level}, ${sqlString(JSON.stringify(c.facts))})`,
        ),
      ),
      ...result.unplaced.map(
        (u) =>
          `(${head}, NULL, ${sqlString(u.school.context.schoolCode)}, ${sqlString(u.school.context.schoolLevel)}, ${sqlString(u.school.context.districtCode)}, NULL, NULL, ${sqlString(JSON.stringify(u.facts))})`,
      ),
    ],
    COMMUNITIES_COLUMNS,
  );
  return { ...result };
}
