import type { ColorCriterion, ColorName, EssaRules } from "./dashboard-rules-schema.ts";

/** What the ESSA rules need to know of one school. */
export interface EssaSchool {
  readonly titleI: boolean;
  readonly highSchool: boolean;
  /** Graduation rates (percent), most recent year first; empty when the school has none. */
  readonly graduationRates: readonly number[];
  /** Group code -> indicator id -> the Dashboard color (absent: no color). */
  readonly colors: Readonly<Record<string, Readonly<Record<string, ColorName | undefined>>>>;
}

export type EssaCategory = "CSI low performing" | "CSI low graduation" | "ATSI";

/** A category the school falls in and why, in words. */
export interface EssaFinding {
  readonly category: EssaCategory;
  readonly group: string;
  readonly reason: string;
}

/**
 * ESSA support categories for one school under `rules` (the `essa` section of the Dashboard rule
 * file): every CSI finding, and ATSI findings for its student groups when it is not in CSI. An
 * empty list means no category.
 */
export function identifyEssaSupport(school: EssaSchool, rules: EssaRules): EssaFinding[] {
  const csi: EssaFinding[] = [];
  const lp = rules.csi_low_performing;
  if (school.titleI || !lp.title_i_only) {
    const hit = firstMet(lp.criteria, school.colors[lp.group] ?? {});
    if (hit) csi.push({ category: "CSI low performing", group: lp.group, reason: hit });
  }
  const lg = rules.csi_low_graduation;
  const rates = school.graduationRates.slice(0, lg.years_averaged);
  if (school.highSchool && rates.length > 0) {
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    if (mean < lg.below)
      csi.push({
        category: "CSI low graduation",
        group: "ALL",
        reason: `graduation rate ${mean.toFixed(1)}% averaged over ${rates.length} year(s) is under ${lg.below}%`,
      });
  }
  if (csi.length > 0) return csi;
  const atsi: EssaFinding[] = [];
  for (const group of rules.atsi.groups) {
    const hit = firstMet(rules.atsi.criteria, school.colors[group] ?? {});
    if (hit) atsi.push({ category: "ATSI", group, reason: hit });
  }
  return atsi;
}

/** The first criterion the colors meet, as a sentence; undefined when none is met. */
function firstMet(
  criteria: readonly ColorCriterion[],
  byIndicator: Readonly<Record<string, ColorName | undefined>>,
): string | undefined {
  const colors = Object.entries(byIndicator).filter(
    (e): e is [string, ColorName] => e[1] !== undefined,
  );
  for (const c of criteria) {
    if (colors.length < c.min_indicators) continue;
    const inSet = colors.filter(([, color]) => c.colors.includes(color)).length;
    const met =
      c.test === "all_in"
        ? inSet === colors.length
        : c.test === "all_but_one_in"
          ? inSet === colors.length - 1
          : inSet * 2 > colors.length;
    if (met)
      return `${c.name}: ${colors.map(([indicator, color]) => `${indicator} ${color}`).join(", ")}`;
  }
  return undefined;
}
