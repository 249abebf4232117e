import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import { brokenPreferences, type MeasureStrength, type PairCost } from "./pairing-cost.ts";

const ordinal = (n: number) => {
  const s =
    n % 100 >= 11 && n % 100 <= 13
      ? "th"
      : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${s}`;
};

/**
 * A measure level as a person reads it: a whole number (a measure level blends the All-students
 * level with the groups' mean, 9.75 say; readers know levels 1–10, not "level 9.8").
 */
const levelText = (v: number) => String(Math.round(v));

/** Which side of a pair a quoted measure level belongs to. */
export type PairSide = "school" | "partner";

const STRENGTHS_LEAD = "Stronger where this school is weakest: ";

/** What a reason shows in place of a measure level the reader may not see. */
export const SUPPRESSED = "suppressed";

/**
 * The partner's strengths on the school's weakest measures, strongest gap first, and their mean
 * gap: "Stronger where this school is weakest: …; +2.5 levels on average." Only the measures
 * where the partner's level, as written, is above the school's are listed (a measure where the
 * partner is level or weaker is no strength), and the mean is over those; "" when there is none.
 * A measure level that `hidden` names is written as {@link SUPPRESSED}, and so are its gap and
 * the mean gap. `strengthGap` (the pair's mean over every shared weakest measure) is not quoted.
 */
export function strengthsClause(
  strengths: readonly MeasureStrength[],
  _strengthGap: number,
  framework: Framework,
  hidden: (side: PairSide, metric: string) => boolean = () => false,
): string {
  const stronger = strengths.filter((s) => Math.round(s.partnerLevel) > Math.round(s.schoolLevel));
  if (stronger.length === 0) return "";
  const strengthGap =
    stronger.reduce((sum, s) => sum + s.partnerLevel - s.schoolLevel, 0) / stronger.length;
  let anyHidden = false;
  const listed = stronger
    .sort(
      (a, b) =>
        b.partnerLevel - b.schoolLevel - (a.partnerLevel - a.schoolLevel) ||
        (a.metric < b.metric ? -1 : 1),
    )
    .map((s) => {
      const partner = hidden("partner", s.metric);
      const school = hidden("school", s.metric);
      anyHidden ||= partner || school;
      // The gap between the levels as written, so the sentence adds up.
      const gap = Math.round(s.partnerLevel) - Math.round(s.schoolLevel);
      const gapText = partner || school ? SUPPRESSED : `${gap >= 0 ? "+" : ""}${gap}`;
      return `${metricLabel(framework, s.metric)} level ${partner ? SUPPRESSED : levelText(s.partnerLevel)} vs ${school ? SUPPRESSED : levelText(s.schoolLevel)} (${gapText})`;
    })
    .join(", ");
  const mean = anyHidden
    ? `${SUPPRESSED} levels`
    : `${strengthGap >= 0 ? "+" : ""}${strengthGap.toFixed(1)} levels`;
  return `${STRENGTHS_LEAD}${listed}; ${mean} on average.`;
}

/** Why a school was paired with its partner, in words a principal can read. */
export function pairReason(p: {
  partnerName: string;
  partnerCode: string;
  schoolLevel: string;
  cost: PairCost;
  partnersAtLevel: number;
  /** How many partner-eligible schools of the level met every preference for this school. */
  withinPreferences?: number;
  kept: boolean;
  replacedPrior: string | null;
  framework: Framework;
}): string {
  const { cost } = p;
  const parts: string[] = [];
  if (p.kept)
    parts.push(
      "Kept from last year's pairing: the school is still in comprehensive support and the partner is still eligible.",
    );
  else if (p.replacedPrior !== null)
    parts.push(
      `Last year's partner ${p.replacedPrior} is no longer an eligible ${p.schoolLevel} partner, so the school was re-paired.`,
    );
  parts.push(
    `Paired with ${p.partnerName} (${p.partnerCode}), ${cost.distanceKm.toFixed(1)} km away${cost.sameDistrict ? " in the same district" : ""}.`,
  );
  parts.push(
    `Its students are the ${ordinal(cost.contextRank)} most similar of ${p.partnersAtLevel} partner-eligible ${p.schoolLevel} schools (context distance ${cost.contextDistance.toFixed(2)}).`,
  );
  const strengths =
    cost.strengths.length > 0
      ? strengthsClause(cost.strengths, cost.strengthGap!, p.framework)
      : "";
  if (strengths !== "") parts.push(strengths);
  const broken = brokenPreferences(cost, p.framework);
  const why = broken.map((b) => blockText(b, cost, p.framework)).join("; ");
  if (p.kept && broken.length > 0)
    parts.push(`The pair breaks a pairing preference today (${why}), but existing pairs are kept.`);
  else if (broken.length > 0) {
    const within = p.withinPreferences ?? 0;
    const none =
      within === 0
        ? `No partner-eligible ${p.schoolLevel} school meets every pairing preference for this school`
        : `The ${within} partner-eligible ${p.schoolLevel} school(s) that meet every pairing preference for this school were needed by other priority schools with no better option`;
    parts.push(`${none}, so the preferences were widened for this pair: ${why}.`);
  }
  return parts.join(" ");
}

function blockText(
  block: Exclude<PairCost["blockedBy"], null>,
  cost: PairCost,
  framework: Framework,
): string {
  const s = framework.pairing;
  switch (block) {
    case "caliper_km":
      return `${cost.distanceKm.toFixed(1)} km is beyond the preferred ${s.caliper_km} km`;
    case "max_cost":
      return `its cost ${cost.cost.toFixed(2)} is above the maximum of ${s.max_cost}`;
    case "not_stronger":
      return "the partner is not stronger on the school's weakest measures";
  }
}

/** Why a priority school has no partner. */
export function unmatchedReason(u: {
  schoolLevel: string;
  hasContext: boolean;
  candidates: readonly { code: string; name: string; cost: PairCost }[];
  weakest: readonly string[];
  priorPartner: string | null;
  framework: Framework;
}): string {
  const s = u.framework.pairing;
  const prior =
    u.priorPartner === null ? "" : ` Last year's partner ${u.priorPartner} is no longer eligible.`;
  if (!u.hasContext)
    return `No partner: the school had no census-day students at the ${u.schoolLevel} level to describe its student population.${prior}`;
  if (u.candidates.length === 0)
    return `No partner: there is no partner-eligible ${u.schoolLevel} school in the network this year.${prior}`;
  const open = u.candidates
    .filter((c) => c.cost.blockedBy === null)
    .sort((a, b) => a.cost.cost - b.cost.cost);
  if (open.length > 0) {
    const best = open[0]!;
    return `No partner: its ${open.length} acceptable partner(s) (best: ${best.name}, cost ${best.cost.cost.toFixed(2)}) were all needed by other priority schools with no better option; each partner supports at most ${s.partner_capacity} school(s).${prior}`;
  }
  const count = (b: string) => u.candidates.filter((c) => c.cost.blockedBy === b).length;
  const why: string[] = [];
  const far = count("caliper_km");
  if (far > 0) {
    const nearest = Math.min(...u.candidates.map((c) => c.cost.distanceKm));
    why.push(`${far} are farther than ${s.caliper_km} km (nearest ${nearest.toFixed(1)} km)`);
  }
  const weak = count("not_stronger");
  if (weak > 0)
    why.push(
      `${weak} are not stronger on its weakest measures (${u.weakest.map((m) => metricLabel(u.framework, m)).join(", ")})`,
    );
  const dear = count("max_cost");
  if (dear > 0) {
    const cheapest = Math.min(
      ...u.candidates.filter((c) => c.cost.blockedBy === "max_cost").map((c) => c.cost.cost),
    );
    why.push(
      `${dear} would cost more than the maximum of ${s.max_cost} (lowest ${cheapest.toFixed(2)}) — too different in students, strengths or distance`,
    );
  }
  return `No partner: none of the ${u.candidates.length} partner-eligible ${u.schoolLevel} schools qualifies: ${why.join("; ")}.${prior}`;
}

/** A reason that quotes a hidden level in a form this code cannot find (fails closed). */
export const WITHHELD_PAIR_REASON =
  "The reason quotes a school's measure level that is suppressed for this reader.";

/**
 * A stored pair reason (from {@link pairReason}) with the measure levels `hidden` names written as
 * suppressed. The strengths clause is found by regenerating it from the pair's strengths; a
 * reason that lists strengths in another form is withheld whole.
 */
export function suppressPairReason(
  reason: string,
  pair: { readonly strengths: readonly MeasureStrength[]; readonly strengthGap: number | null },
  framework: Framework,
  hidden: (side: PairSide, metric: string) => boolean,
): string {
  const quotesHidden = pair.strengths.some(
    (s) => hidden("school", s.metric) || hidden("partner", s.metric),
  );
  if (!quotesHidden || pair.strengthGap === null || !reason.includes(STRENGTHS_LEAD)) return reason;
  const text = strengthsClause(pair.strengths, pair.strengthGap, framework);
  if (!reason.includes(text)) return WITHHELD_PAIR_REASON;
  return reason.replaceAll(
    text,
    strengthsClause(pair.strengths, pair.strengthGap, framework, hidden),
  );
}

/**
 * A pair or unmatched reason with the costs it quotes ("its cost 1.93", "best: …, cost 0.87",
 * "(lowest 2.10)") written as suppressed: a cost averages the partner's measure levels on the
 * school's weakest measures, so with the other parts shown it gives a hidden one back. The
 * framework's maximum stays.
 */
export function suppressPairCosts(reason: string): string {
  return reason
    .replaceAll(/\bcost -?[0-9]+\.[0-9]+/g, `cost ${SUPPRESSED}`)
    .replaceAll(/\(lowest -?[0-9]+\.[0-9]+\)/g, `(lowest ${SUPPRESSED})`);
}
