import { execFileSync } from "node:child_process";
import { compositeMembers, compositeRelations } from "../../src/disclosure/composite-relations.ts";
import { minNOf } from "../../src/disclosure/min-n.ts";
import { RACE_GROUPS } from "../../src/domain/codes.ts";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";

/**
 * The attacker of the disclosure suite: from what one audience is shown of a run's group cells
 * (n, numerator and value, or null when hidden, with the published reason), it writes every
 * linear relation the product's measures obey and asks linear programming (scipy's HiGHS, in
 * lp-attack.py) for the tightest interval of each hidden cell's value and count:
 * - partitions, per measure and school × level: ALL = race groups + the rest; ALL = G + not G
 *   for EL, RFEP, SED, SWD, FOS, HOM — in counts always, and in sums where the value is an
 *   exact mean over the same students (rates: numerators; distance from standard and SEL
 *   constructs: n × value);
 * - a hidden cell's count from its reason: 1 … min n − 1 when small, at least min n when
 *   complementary;
 * - composites: k × composite = Σ members (values), and culture-climate's n = Σ members' n;
 * - each value within its scale (rates 0–100, survey percents 0–100, SEL 1–5, distance −600…600).
 * Culture-climate components average answers, not respondents, and growth averages weighted
 * credit, so their values have no exact sum relation: only their counts are used.
 */
export interface PublishedCell {
  readonly school_code: string;
  readonly school_level: string;
  readonly metric: string;
  readonly student_group: string;
  readonly n: number | null;
  readonly numerator: number | null;
  readonly value: number | null;
  readonly suppression_reason: string | null;
  readonly meets_floor?: boolean | null;
}

/** One hidden figure's interval as the attacker derives it, against the protection rule. */
export interface Interval {
  readonly cell: string;
  readonly figure: "value" | "n";
  readonly kind: ValueKind | "count";
  readonly lo: number;
  readonly hi: number;
  /** The narrowest interval the protection rule allows for this kind of figure. */
  readonly required: number;
}

export type ValueKind = "rate" | "distance" | "scale" | "percent";

/** The protection rule of a framework (`suppression.protection`), per kind of figure. */
export function protectionOf(framework: Framework): Readonly<Record<ValueKind | "count", number>> {
  const p = framework.suppression.protection;
  return {
    rate: p.rate_points,
    percent: p.percent_points,
    scale: p.scale_points,
    distance: p.distance_points,
    // A hidden count must not be pinned.
    count: 1,
  };
}

const BINARY = ["EL", "RFEP", "SED", "SWD", "FOS", "HOM"];

function kindOf(metric: string, rows: readonly PublishedCell[]): ValueKind | null {
  if (metric.endsWith("_distance_from_standard")) return "distance";
  if (metric.startsWith("sel_") && metric !== "sel_skills") return "scale";
  if (rows.some((r) => r.numerator !== null)) return "rate";
  return null;
}
const RANGE: Readonly<Record<ValueKind, [number, number]>> = {
  rate: [0, 1],
  distance: [-600, 600],
  scale: [1, 5],
  percent: [0, 100],
};
const SCALE: Readonly<Record<ValueKind, number>> = { rate: 100, distance: 1, scale: 1, percent: 1 };

interface Problem {
  vars: string[];
  bounds: Record<string, [number, number | null]>;
  eq: { coef: Record<string, number>; rhs: number }[];
  ratios: { num: string; den: string; lo: number; hi: number }[];
  targets: (
    | { id: string; num: string; den: string; scale: number }
    | { id: string; var: string }
  )[];
}

interface TargetMeta {
  readonly cell: string;
  readonly figure: "value" | "n";
  readonly kind: ValueKind | "count";
}

/** Builds the problems for every school × level of `cells` (one audience's view). */
export function attackProblems(
  cells: readonly PublishedCell[],
  framework: Framework,
  sensitiveRest: ReadonlySet<string>,
): { problems: Problem[]; meta: Map<string, TargetMeta> } {
  const minN = minNOf(framework);
  const meta = new Map<string, TargetMeta>();
  // A small cell's count and (where its measure has one) value are the attacker's targets.
  const target = (p: Problem, id: string, kind: ValueKind | null) => {
    meta.set(`n:${id}`, { cell: id, figure: "n", kind: "count" });
    p.targets.push({ id: `n:${id}`, var: `n:${id}` });
    if (kind) {
      meta.set(`v:${id}`, { cell: id, figure: "value", kind });
      p.targets.push({ id: `v:${id}`, num: `s:${id}`, den: `n:${id}`, scale: SCALE[kind] });
    }
  };
  const bySchoolLevel = new Map<string, PublishedCell[]>();
  for (const c of cells) {
    const k = `${c.school_code}|${c.school_level}`;
    bySchoolLevel.set(k, [...(bySchoolLevel.get(k) ?? []), c]);
  }
  const problems: Problem[] = [];
  for (const [sl, rows] of bySchoolLevel) {
    // One problem per measure's table; the composites' count sums couple culture-climate's
    // tables, so they share one.
    const perTable = new Map<string, Problem>();
    const problemOf = (metric: string): Problem => {
      const key = metric.startsWith("culture_climate") ? "culture_climate" : metric;
      let found = perTable.get(key);
      if (!found) {
        found = { vars: [], bounds: {}, eq: [], ratios: [], targets: [] };
        perTable.set(key, found);
      }
      return found;
    };
    let p: Problem = problemOf("");
    const tables = new Map<string, PublishedCell[]>();
    for (const r of rows) tables.set(r.metric, [...(tables.get(r.metric) ?? []), r]);
    // A term of an equation: a constant when shown, a variable when hidden.
    type Term = { n: string | number; s: string | number | null };
    const terms = new Map<string, Term>();
    const addVar = (name: string, lo: number, hi: number | null) => {
      p.vars.push(name);
      p.bounds[name] = [lo, hi];
    };
    for (const [metric, list] of tables) {
      p = problemOf(metric);
      const kind = kindOf(metric, list);
      const m = minN(metric);
      const range = kind ? RANGE[kind] : null;
      const cell = (r: PublishedCell) => `${sl}|${metric}|${r.student_group}`;
      for (const r of list) {
        const id = cell(r);
        if (r.n !== null) {
          const s = kind === "rate" ? r.numerator : kind && r.value !== null ? r.n * r.value : null;
          terms.set(id, { n: r.n, s });
          continue;
        }
        const small = r.suppression_reason === "small_n";
        addVar(`n:${id}`, small ? 1 : m, small ? m - 1 : null);
        if (kind && range) {
          addVar(`s:${id}`, -1e9, null);
          p.ratios.push({ num: `s:${id}`, den: `n:${id}`, lo: range[0], hi: range[1] });
        }
        if (small) target(p, id, kind);
        terms.set(id, { n: `n:${id}`, s: kind ? `s:${id}` : null });
      }
      const all = list.find((r) => r.student_group === "ALL");
      if (!all) continue;
      const partition = (parts: PublishedCell[], rest: string) => {
        const restId = `${sl}|${metric}|${rest}`;
        addVar(`n:${restId}`, 0, null);
        if (kind && range) {
          addVar(`s:${restId}`, -1e9, null);
          p.ratios.push({ num: `s:${restId}`, den: `n:${restId}`, lo: range[0], hi: range[1] });
        }
        // A remainder of 1 … min n − 1 students (known to the test, not to the attacker) is a
        // small cell like any other.
        if (sensitiveRest.has(restId)) target(p, restId, kind);
        const members: Term[] = [
          ...parts.map((x) => terms.get(cell(x))!),
          { n: `n:${restId}`, s: kind ? `s:${restId}` : null },
        ];
        const total = terms.get(cell(all))!;
        for (const field of ["n", "s"] as const) {
          if (field === "s" && (!kind || total.s === null || members.some((t) => t.s === null)))
            continue;
          const coef: Record<string, number> = {};
          let rhs = 0;
          const add = (t: string | number | null, c: number) => {
            if (typeof t === "string") coef[t] = (coef[t] ?? 0) + c;
            else if (typeof t === "number") rhs -= c * t;
          };
          add(total[field], -1);
          for (const t of members) add(t[field], 1);
          p.eq.push({ coef, rhs });
        }
      };
      const races = list.filter((r) =>
        (RACE_GROUPS as readonly string[]).includes(r.student_group),
      );
      if (races.length > 0) partition(races, "~race");
      for (const g of BINARY) {
        const row = list.find((r) => r.student_group === g);
        if (row) partition([row], `~not_${g}`);
      }
    }
    // Culture-climate's respondents: the composite's n is the sum of its members' n.
    for (const relation of compositeRelations(framework)) {
      for (const comp of tables.get(relation.composite) ?? []) {
        const comps = relation.components.flatMap((metric) =>
          (tables.get(metric) ?? [])
            .filter((r) => r.student_group === comp.student_group)
            .map((r) => ({ ...r, n: r.n ?? 1, value: 0 })),
        );
        const members = compositeMembers(relation, comps);
        const id = (r: { metric: string }) => `${sl}|${r.metric}|${comp.student_group}`;
        p = problemOf(relation.composite);
        if (relation.nIsSum && members.length > 0) {
          const coef: Record<string, number> = {};
          let rhs = 0;
          const add = (t: string | number | null | undefined, c: number) => {
            if (typeof t === "string") coef[t] = (coef[t] ?? 0) + c;
            else if (typeof t === "number") rhs -= c * t;
          };
          add(terms.get(id(comp))?.n, -1);
          for (const mbr of members) add(terms.get(id(mbr))?.n, 1);
          p.eq.push({ coef, rhs });
        }
        // The means: k × composite = Σ members, over the values (a problem of its own).
        const vp: Problem = { vars: [], bounds: {}, eq: [], ratios: [], targets: [] };
        const cells = [comp, ...members];
        const coef: Record<string, number> = {};
        let rhs = 0;
        const [lo, hi] = relation.composite === "sel_skills" ? [1, 5] : [0, 100];
        const kind: ValueKind = relation.composite === "sel_skills" ? "scale" : "percent";
        cells.forEach((c, i) => {
          const weight = i === 0 ? -members.length : 1;
          const shown = rows.find(
            (r) => r.metric === c.metric && r.student_group === comp.student_group,
          );
          if (shown?.value != null) {
            rhs -= weight * shown.value;
            return;
          }
          const v = `v:${id(c)}`;
          vp.vars.push(v);
          vp.bounds[v] = [lo, hi];
          coef[v] = weight;
          if (shown?.suppression_reason === "small_n") {
            vp.targets.push({ id: v, var: v });
            meta.set(v, { cell: id(c), figure: "value", kind });
          }
        });
        if (vp.targets.length > 0 && members.length > 0) {
          vp.eq.push({ coef, rhs });
          problems.push(vp);
        }
      }
    }
    for (const q of perTable.values()) if (q.targets.length > 0) problems.push(q);
  }
  return { problems, meta };
}

/**
 * The remainders (students of no reported race group; not EL, not SED, …) of 1 … min n − 1
 * students in the true results `raw`: cells no one is shown, which must be protected as well.
 */
export function smallRemainders(
  raw: readonly (PublishedCell & { readonly n: number })[],
  framework: Framework,
): Set<string> {
  const minN = minNOf(framework);
  const tables = new Map<string, (PublishedCell & { n: number })[]>();
  for (const r of raw) {
    const k = `${r.school_code}|${r.school_level}|${r.metric}`;
    tables.set(k, [...(tables.get(k) ?? []), r]);
  }
  const out = new Set<string>();
  for (const [k, rows] of tables) {
    const all = rows.find((r) => r.student_group === "ALL");
    if (!all) continue;
    const small = (n: number) => n > 0 && n < minN(all.metric);
    const races = rows.filter((r) => (RACE_GROUPS as readonly string[]).includes(r.student_group));
    if (races.length > 0 && small(all.n - races.reduce((a, r) => a + r.n, 0)))
      out.add(`${k}|~race`);
    for (const g of BINARY) {
      const row = rows.find((r) => r.student_group === g);
      if (row && small(all.n - row.n)) out.add(`${k}|~not_${g}`);
    }
  }
  return out;
}

/** The attacker's tightest interval for every small cell's figures (intersected over problems). */
export function attack(
  cells: readonly PublishedCell[],
  framework: Framework,
  sensitiveRest: ReadonlySet<string> = new Set(),
): Interval[] {
  const { problems, meta } = attackProblems(cells, framework, sensitiveRest);
  const out = execFileSync("/usr/bin/python3", ["test/disclosure/lp-attack.py"], {
    input: JSON.stringify(problems),
    maxBuffer: 1 << 30,
  });
  const answers = JSON.parse(out.toString("utf8")) as {
    id: string;
    lo: number | null;
    hi: number | null;
  }[];
  const merged = new Map<string, { lo: number; hi: number }>();
  for (const a of answers) {
    if (a.lo === null || a.hi === null) throw new Error(`infeasible attack problem at ${a.id}`);
    if (!meta.has(a.id)) continue;
    const had = merged.get(a.id);
    merged.set(a.id, {
      lo: Math.max(had?.lo ?? -Infinity, a.lo),
      hi: Math.min(had?.hi ?? Infinity, a.hi),
    });
  }
  const required = protectionOf(framework);
  return [...merged].map(([id, { lo, hi }]) => {
    const m = meta.get(id)!;
    return { cell: m.cell, figure: m.figure, kind: m.kind, lo, hi, required: required[m.kind] };
  });
}

/**
 * Intervals narrower than the protection rule, apart from rates told by a shown total of 0% or
 * 100% (no student of the school was suspended: every group's rate is 0, by the total itself).
 */
export function narrowIntervals(shown: readonly PublishedCell[], intervals: readonly Interval[]) {
  const allOf = new Map(
    shown
      .filter((r) => r.student_group === "ALL")
      .map((r) => [`${r.school_code}|${r.school_level}|${r.metric}`, r]),
  );
  const extreme = (cell: string) => {
    const all = allOf.get(cell.split("|").slice(0, 3).join("|"));
    return (
      all !== undefined &&
      all.numerator != null &&
      (Number(all.numerator) === 0 || Number(all.numerator) === Number(all.n))
    );
  };
  const below = intervals.filter((i) => i.hi - i.lo < i.required - 1e-9);
  const narrow = below.filter((i) => !(i.figure === "value" && extreme(i.cell)));
  return { narrow, toldByTotal: below.length - narrow.length };
}
