import type { DisclosureReader } from "../disclosure/disclosure-reader.ts";
import { hiddenCells } from "../disclosure/hidden-cells.ts";
import { runCells } from "../disclosure/run-cells.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import {
  effectiveCommunitiesSql,
  effectivePairingsSql,
} from "../identification/effective-pairings.ts";
import { groupLabel } from "../identification/group-label.ts";
import type { PairingFacts, TriggerFacts } from "../identification/reason-facts.ts";
import { sqlString } from "../measures/sql-text.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { PlanKind, PlanSchoolRole } from "../workspace/workspace-schema.ts";

/** A school's figure on a problem's measure × group, as one reader may see it. */
export interface DraftFigure {
  readonly n: number | null;
  readonly value: number | null;
  readonly level: number | null;
  /** The change needed to reach the next level (signed, in the measure's unit). */
  readonly changeToNext: number | null;
  /** The cell is suppressed for this reader: every figure above is null. */
  readonly withheld: boolean;
}

/** Why a problem was proposed. */
export type ProblemSource = "focus_trigger" | "partner_strength" | "weakest" | "community";

export interface DraftProblem {
  readonly metric: string;
  readonly metricLabel: string;
  readonly studentGroup: string;
  readonly groupLabel: string;
  readonly statement: string;
  readonly source: ProblemSource;
  /** Each plan school's figure on it. */
  readonly figures: readonly ({ readonly schoolCode: string } & DraftFigure)[];
}

/** A plan as the identification proposes it, before anyone edits it. */
export interface PlanDraft {
  readonly runId: string;
  readonly year: number;
  readonly kind: PlanKind;
  readonly schoolLevel: string;
  readonly groupKey: string;
  readonly title: string;
  readonly schools: readonly {
    readonly schoolCode: string;
    readonly schoolName: string;
    readonly role: PlanSchoolRole;
  }[];
  readonly problems: readonly DraftProblem[];
  /** The aim offered: the first problem, the lead school's next level as the target. */
  readonly aim: {
    readonly what: string;
    readonly metric: string | null;
    readonly studentGroup: string | null;
    readonly baseline: number | null;
    readonly target: number | null;
    readonly by: string;
    readonly forWhom: string;
  };
}

/** A run's pair or community named by a request. */
export interface GroupRef {
  readonly runId: string;
  readonly year: number;
  readonly kind: PlanKind;
  readonly schoolLevel: string;
  /** The pair's priority school, or the community id. */
  readonly groupKey: string;
}

/** The run has no such pair or community (or its school has no partner). */
export class NoSuchGroupError extends Error {
  constructor(readonly ref: GroupRef) {
    super(
      ref.kind === "pair"
        ? `run ${ref.runId} pairs no ${ref.schoolLevel} school ${ref.groupKey} with a partner`
        : `run ${ref.runId} has no ${ref.schoolLevel} community ${ref.groupKey}`,
    );
    this.name = "NoSuchGroupError";
  }
}

const PAIR_ROW = {
  type: "object",
  required: ["school_code", "partner_code", "facts", "triggers"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    partner_code: { type: ["string", "null"] },
    facts: { type: ["string", "null"] },
    triggers: { type: ["string", "null"] },
  },
} as const;

const MEMBER_ROW = {
  type: "object",
  required: ["school_code", "problem"],
  additionalProperties: false,
  properties: { school_code: { type: "string" }, problem: { type: ["string", "null"] } },
} as const;

const NAME_ROW = {
  type: "object",
  required: ["school_code", "school_name"],
  additionalProperties: false,
  properties: { school_code: { type: "string" }, school_name: { type: "string" } },
} as const;

const CELL_ROW = {
  type: "object",
  required: ["school_code", "metric", "student_group", "n", "value", "level", "change_1"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    metric: { type: "string" },
    student_group: { type: "string" },
    n: { type: "integer" },
    value: { type: ["number", "null"] },
    level: { type: ["integer", "null"] },
    change_1: { type: ["number", "null"] },
  },
} as const;

/** At most this many problems of practice are proposed for a pair (the seeds: 2–3). */
export const PAIR_PROBLEMS = 3;

type Candidate = { metric: string; studentGroup: string; source: ProblemSource };

/**
 * The pair's candidate problems: focus triggers first, then the measures where the partner is
 * stronger (only when `facts` describe the pair's own partner), then the school's weakest.
 */
function pairCandidates(
  facts: PairingFacts<number> | null,
  ownPartner: boolean,
  triggers: TriggerFacts<number>[],
) {
  const out: Candidate[] = [];
  for (const t of triggers) {
    for (const m of t.measures)
      out.push({ metric: m.metric, studentGroup: m.studentGroup, source: "focus_trigger" });
  }
  if (facts?.kind === "paired") {
    if (ownPartner) {
      for (const s of facts.stronger)
        out.push({ metric: s.metric, studentGroup: "ALL", source: "partner_strength" });
    }
    for (const m of facts.shared) out.push({ metric: m, studentGroup: "ALL", source: "weakest" });
  } else if (facts?.kind === "unmatched") {
    for (const m of facts.weakest) out.push({ metric: m, studentGroup: "ALL", source: "weakest" });
  }
  const seen = new Set<string>();
  return out
    .filter((c) => {
      const key = `${c.studentGroup}|${c.metric}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, PAIR_PROBLEMS);
}

function parse<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/**
 * The plan a run's identification proposes for a pair (its priority school and partner) or a
 * community: the schools, 2–3 problems of practice for a pair (the focus triggers, then the
 * measures where the partner is stronger, then the school's weakest), the community's shared
 * problem, and an aim whose target is the lead school's next level on the first problem. Every
 * figure is disclosed for the reader: a cell suppressed for a reader who does not see the school
 * `sees` accepts comes back withheld, and no target is offered from it.
 */
export async function planDraft(
  reader: DisclosureReader,
  ref: GroupRef,
  sees: (schoolCode: string) => boolean,
): Promise<PlanDraft> {
  const { runId, schoolLevel, groupKey } = ref;
  let schools: { schoolCode: string; role: PlanSchoolRole }[];
  let candidates: Candidate[];
  if (ref.kind === "pair") {
    const [row] = await readRows(
      reader.warehouse,
      "pairings",
      PAIR_ROW,
      `SELECT ${selectList(PAIR_ROW, (c) => (c === "triggers" ? "i.triggers::VARCHAR" : `p.${c}`))}
       FROM (${effectivePairingsSql(runId)}) p
       LEFT JOIN identification i ON i.run_id = p.run_id AND i.school_code = p.school_code
         AND i.school_level = p.school_level
       WHERE p.school_code = ? AND p.school_level = ?`,
      [groupKey, schoolLevel],
    );
    if (!row?.partner_code) throw new NoSuchGroupError(ref);
    schools = [
      { schoolCode: row.school_code, role: "priority" },
      { schoolCode: row.partner_code, role: "partner" },
    ];
    const facts = parse<PairingFacts<number>>(row.facts);
    // The proposal's facts describe its own partner; an override's partner has other strengths.
    const own = facts?.kind === "paired" && facts.partnerCode === row.partner_code;
    candidates = pairCandidates(facts, own, parse<TriggerFacts<number>[]>(row.triggers) ?? []);
  } else {
    const members = await readRows(
      reader.warehouse,
      "communities",
      MEMBER_ROW,
      `SELECT ${selectList(MEMBER_ROW)} FROM (${effectiveCommunitiesSql(runId)})
       WHERE community_id = ? AND school_level = ? ORDER BY school_code`,
      [groupKey, schoolLevel],
    );
    if (members.length === 0) throw new NoSuchGroupError(ref);
    schools = members.map((m) => ({ schoolCode: m.school_code, role: "member" }));
    const [group, metric] = (members.find((m) => m.problem)?.problem ?? "").split(" × ");
    candidates = group && metric ? [{ metric, studentGroup: group, source: "community" }] : [];
  }

  const codes = schools.map((s) => s.schoolCode);
  const inList = codes.map(sqlString).join(", ");
  const names = new Map(
    (
      await readRows(
        reader.warehouse,
        "school_context",
        NAME_ROW,
        `SELECT ${selectList(NAME_ROW)} FROM school_context
         WHERE run_id = ? AND school_level = ? AND school_code IN (${inList})`,
        [runId, schoolLevel],
      )
    ).map((r) => [r.school_code, r.school_name]),
  );
  const cells =
    candidates.length === 0
      ? []
      : await readRows(
          reader.warehouse,
          "metric_results",
          CELL_ROW,
          `SELECT ${selectList(CELL_ROW, (c) => (c === "level" || c === "change_1" ? `l.${c}` : `m.${c}`))}
           FROM metric_results m LEFT JOIN metric_levels l
             ON l.run_id = m.run_id AND l.school_code = m.school_code AND l.school_level = m.school_level
            AND l.metric = m.metric AND l.student_group = m.student_group
           WHERE m.run_id = ? AND m.school_level = ? AND m.school_code IN (${inList})
             AND m.metric IN (${[...new Set(candidates.map((c) => c.metric))].map(sqlString).join(", ")})`,
          [runId, schoolLevel],
        );
  const decided = await runCells(reader, runId);
  const hidden = hiddenCells(decided.hidden, [], sees);
  const figureOf = (school: string, c: Candidate): DraftFigure => {
    // A combined problem group ("HI+AA") has no one cell: its members' figures are not quoted.
    const cell = cells.find(
      (r) =>
        r.school_code === school && r.metric === c.metric && r.student_group === c.studentGroup,
    );
    if (!cell || hidden.cell(school, schoolLevel, c.metric, c.studentGroup)) {
      return {
        n: null,
        value: null,
        level: null,
        changeToNext: null,
        withheld: cell !== undefined,
      };
    }
    return {
      n: cell.n,
      value: cell.value,
      level: cell.level,
      changeToNext: cell.change_1,
      withheld: false,
    };
  };

  const framework = reader.framework;
  const problems: DraftProblem[] = candidates.map((c) => {
    const measure = metricLabel(framework, c.metric);
    const group = c.studentGroup.split("+").map(groupLabel).join(" / ");
    return {
      metric: c.metric,
      metricLabel: measure,
      studentGroup: c.studentGroup,
      groupLabel: group,
      statement: `${measure} for ${group}`,
      source: c.source,
      figures: codes.map((code) => ({ schoolCode: code, ...figureOf(code, c) })),
    };
  });
  const named = schools.map((s) => ({ ...s, schoolName: names.get(s.schoolCode) ?? s.schoolCode }));
  const first = problems[0];
  const lead = first?.figures[0];
  const baseline = lead?.value ?? null;
  // Two decimals, as a person types a target, rounded away from the baseline so that the target
  // still reaches the next level's cut point.
  const change = lead?.changeToNext ?? null;
  const round = change !== null && change < 0 ? Math.floor : Math.ceil;
  const target =
    baseline !== null && change !== null
      ? round(Number(((baseline + change) * 100).toFixed(6))) / 100
      : null;
  return {
    runId,
    year: ref.year,
    kind: ref.kind,
    schoolLevel,
    groupKey,
    title:
      ref.kind === "pair"
        ? `${named.map((s) => s.schoolName).join(" and ")}: improvement plan`
        : `Community ${groupKey}: ${first?.statement ?? "shared problem of practice"}`,
    schools: named,
    problems,
    aim: {
      what: first ? `Improve ${first.statement}` : "",
      metric: first?.metric ?? null,
      studentGroup: first?.studentGroup ?? null,
      baseline,
      target,
      // The end of the next school year: results of that year show whether the aim was met.
      by: `${ref.year + 1}-06-30`,
      forWhom: first ? `${first.groupLabel} at ${named.map((s) => s.schoolName).join(", ")}` : "",
    },
  };
}
