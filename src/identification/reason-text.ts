import type { Framework } from "../domain/framework/framework-schema.ts";
import { formatValue } from "../domain/framework/measure-format.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import { groupLabel } from "./group-label.ts";
import type {
  CommunityRowFacts,
  ExitConditionFacts,
  Figure,
  OverrideFacts,
  PairingFacts,
  TierExitFacts,
  TierReasonFacts,
  TriggerFacts,
} from "./reason-facts.ts";

/*
 * The one place where reasons become sentences. Every function takes facts whose figures the
 * disclosure pass has already decided for the reader (src/disclosure/derived-values.ts): a
 * withheld figure has no value here, so it cannot be written; the sentence says in words what is
 * withheld. Scores and percentages to one decimal; a measure level is a whole number (readers
 * know levels 1–10, not "level 9.8"); means of levels and level cut-offs are averages, never
 * called a level; measures are named by their labels, never their ids.
 */

/** Said once, at the end, of a reason with a figure withheld from its reader. */
export const WITHHELD_NOTE =
  "Figures not shown are withheld to protect the privacy of small groups of students.";

/** What a reason of a run computed before reasons were kept as facts says. */
export const NOT_RECORDED =
  "The reason was not recorded for this run (it was computed by an earlier version); compute the run again to see it.";

/** In place of a network cut-off withheld from the reader. */
const CUTOFF_WITHHELD = "not shown: it is a school's exact score, which is protected";

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const one = fixed(1);
const two = fixed(2);
const whole = (v: number) => String(Math.round(v));
/** "1 year", "2 years". */
const years = (n: number) => `${n} year${n === 1 ? "" : "s"}`;

/** Collects whether a sentence hid a figure, so the note is added once. */
class Words {
  withheld = false;

  /** `shown(value)` when the figure is shown, else `hidden` (and the note is due). */
  fig(f: Figure, shown: (v: number) => string, hidden: string): string {
    if (f.withheld) {
      this.withheld = true;
      return hidden;
    }
    return shown(f.value);
  }

  end(parts: readonly string[]): string {
    return [...parts, ...(this.withheld ? [WITHHELD_NOTE] : [])].join(" ");
  }
}

const ordinal = (n: number) => {
  const s =
    n % 100 >= 11 && n % 100 <= 13
      ? "th"
      : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${s}`;
};

/** A tier's reason in one or two sentences a principal can read. */
export function tierReasonText(
  facts: TierReasonFacts<Figure> | null,
  framework: Framework,
): string {
  if (facts === null) return NOT_RECORDED;
  const w = new Words();
  const r = facts.rules;
  const score = (f: Figure) => w.fig(f, (v) => `index score ${one(v)}`, "the index score");
  const indexLevel =
    facts.indexLevel === null ? "no index level" : `index level ${whole(facts.indexLevel)}`;
  /** A network cut-off: one school's exact figure, withheld when that figure is. */
  const cutoff = (f: Figure | null, prefix = "") =>
    f === null
      ? `${prefix}none`
      : w.fig(f, (v) => `${prefix}${one(v)}`, `${prefix}${CUTOFF_WITHHELD}`);
  const exitRule = `a school leaves a tier after ${r.exitAfterYears} consecutive years below its entry rule`;
  const parts: string[] = [];

  if (facts.tier === "priority" && facts.basis === "entry") {
    const why: string[] = [];
    if (facts.priorityBy.index)
      why.push(
        `${score(facts.indexScore)} is in the lowest ${r.priorityLowestPercent}% of the network (${cutoff(facts.cutoffs.priorityScore, "cut-off ")})`,
      );
    if (facts.priorityBy.graduation && facts.graduationRate !== null)
      why.push(
        `${w.fig(facts.graduationRate, (v) => `the graduation rate ${one(v)}%`, "the graduation rate")} is below ${r.graduationRateBelow}%`,
      );
    parts.push(`Identified for comprehensive support (priority): ${why.join("; and ")}.`);
    if (facts.exitStatus === "continuing") parts.push(`Year ${facts.yearsInTier} in priority.`);
  } else if (facts.tier === "priority") {
    parts.push(
      `Remains in comprehensive support (priority, year ${facts.yearsInTier}): ${score(facts.indexScore)} is above the entry cut-off (${cutoff(facts.cutoffs.priorityScore)}) for ${years(facts.yearsBelowEntry)}; ${exitRule}.`,
    );
  } else if (facts.tier === "focus" && facts.basis === "entry") {
    const why = facts.triggers.map((t) => triggerText(t, framework, w)).join("; ");
    const component = (f: Figure | null) =>
      f === null
        ? "the school's subgroup component"
        : w.fig(
            f,
            (v) => `the school's subgroup component ${one(v)}`,
            "the school's subgroup component",
          );
    const rule = facts.focusByGroupLevel
      ? `, at or below the priority cut-off in level terms (${
          facts.cutoffs.priorityLevel === null
            ? "none"
            : w.fig(facts.cutoffs.priorityLevel, (v) => `an average of ${two(v)}`, CUTOFF_WITHHELD)
        })`
      : `; ${component(facts.subgroupComponent)} is in the lowest ${r.focusLowestPercent}% of the network${r.focusPerLevel ? `'s ${facts.schoolLevel} schools outside priority` : ""} (${cutoff(facts.cutoffs.subgroupComponent, "cut-off ")})`;
    parts.push(`Identified for targeted support (focus): ${why}${rule}.`);
    if (facts.exitedFrom === "priority")
      parts.push("It left priority after meeting the exit rule.");
    if (facts.exitStatus === "continuing") parts.push(`Year ${facts.yearsInTier} in focus.`);
  } else if (facts.tier === "focus") {
    parts.push(
      `Remains in targeted support (focus, year ${facts.yearsInTier}): no accountability group meets the entry rule this year (${years(facts.yearsBelowEntry)} below it); ${exitRule}.`,
    );
  } else {
    if (facts.exitedFrom !== null)
      parts.push(
        `Exited ${facts.exitedFrom === "priority" ? "comprehensive support (priority)" : "targeted support (focus)"} after ${r.exitAfterYears} consecutive years below the entry rule.`,
      );
    if (facts.tier === "partner_eligible") {
      const why: string[] = [];
      if (facts.partnerBy.index)
        why.push(
          `${indexLevel}${w.fig(facts.indexScore, (v) => ` (score ${one(v)})`, "")} is at least ${r.partnerMinIndexLevel}`,
        );
      if (facts.partnerBy.growth && facts.growth !== null)
        why.push(
          `its growth measures' levels average ${w.fig(facts.growth.level, one, "a figure not shown")}, at least ${r.partnerMinGrowthLevel}`,
        );
      parts.push(`Eligible to partner with a school in support: ${why.join(" and ")}.`);
    } else if (r.titleIOnly && !facts.titleI) {
      parts.push(
        `Not identified: only Title I schools are identified under this framework (${w.fig(facts.indexScore, (v) => `index score ${one(v)}, `, "")}${indexLevel}).`,
      );
    } else {
      const groupRule = r.focusGroupRule ? " no accountability group is at or below it," : "";
      const share = r.focusPerLevel
        ? ` the lowest ${r.focusLowestPercent}% of the network's ${facts.schoolLevel} schools`
        : " the lowest";
      parts.push(
        `Not identified: ${score(facts.indexScore)} (${indexLevel}) is above the priority cut-off (${cutoff(facts.cutoffs.priorityScore)}),${groupRule} and the school is not among${share} on its subgroup component.`,
      );
    }
  }
  return w.end(parts);
}

/** One focus trigger: the group's average level and its weakest measures' levels. */
function triggerText(t: TriggerFacts<Figure>, framework: Framework, w: Words): string {
  const measures = t.measures
    .map(
      (m) =>
        `${metricLabel(framework, m.metric)} ${w.fig(m.level, (v) => `level ${whole(v)}`, "level not shown")}${t.group === "LOWEST_RACE" ? ` for ${groupLabel(m.studentGroup)}` : ""}`,
    )
    .join(", ");
  const group = groupLabel(t.group);
  const mean = w.fig(t.meanLevel, (v) => `average ${two(v)}`, "");
  return mean === ""
    ? `${group} have an average across their measures' levels that is not shown (${measures})`
    : `${group} ${mean} across their measures' levels (${measures})`;
}

/** Why a priority school has its partner, or none, in words a principal can read. */
export function pairingReasonText(
  facts: PairingFacts<Figure> | null,
  framework: Framework,
): string {
  if (facts === null) return NOT_RECORDED;
  const w = new Words();
  const cost = (f: Figure) => w.fig(f, two, "not shown");
  if (facts.kind === "unmatched") {
    const prior =
      facts.priorPartner === null
        ? []
        : [`Last year's partner ${facts.priorPartner} is no longer eligible.`];
    switch (facts.why) {
      case "no_context":
        return w.end([
          `No partner: the school had no census-day students at the ${facts.schoolLevel} level to describe its student population.`,
          ...prior,
        ]);
      case "no_candidates":
        return w.end([
          `No partner: there is no partner-eligible ${facts.schoolLevel} school in the network this year.`,
          ...prior,
        ]);
      case "all_taken": {
        const best = facts.best!;
        return w.end([
          `No partner: its ${facts.open} acceptable partner(s) (best: ${best.name}, cost ${cost(best.cost)}) were all needed by other priority schools with no better option; each partner supports at most ${facts.capacity} school(s).`,
          ...prior,
        ]);
      }
      case "none_qualify": {
        const why: string[] = [];
        if (facts.far)
          why.push(
            `${facts.far.count} are farther than ${facts.caliperKm} km (nearest ${one(facts.far.nearestKm)} km)`,
          );
        if (facts.notStronger > 0)
          why.push(
            `${facts.notStronger} are not stronger on its weakest measures (${facts.weakest.map((m) => metricLabel(framework, m)).join(", ")})`,
          );
        if (facts.dear)
          why.push(
            `${facts.dear.count} would cost more than the maximum of ${facts.maxCost} (lowest ${cost(facts.dear.lowest.cost)}) — too different in students, strengths or distance`,
          );
        return w.end([
          `No partner: none of the ${facts.candidates} partner-eligible ${facts.schoolLevel} schools qualifies: ${why.join("; ")}.`,
          ...prior,
        ]);
      }
    }
  }
  const parts: string[] = [];
  if (facts.kept)
    parts.push(
      "Kept from last year's pairing: the school is still in comprehensive support and the partner is still eligible.",
    );
  else if (facts.replacedPrior !== null)
    parts.push(
      `Last year's partner ${facts.replacedPrior} is no longer an eligible ${facts.schoolLevel} partner, so the school was re-paired.`,
    );
  parts.push(
    `Paired with ${facts.partnerName} (${facts.partnerCode}), ${one(facts.distanceKm)} km away${facts.sameDistrict ? " in the same district" : ""}.`,
  );
  parts.push(
    `Its students are the ${ordinal(facts.contextRank)} most similar of ${facts.partnersAtLevel} partner-eligible ${facts.schoolLevel} schools (context distance ${two(facts.contextDistance)}).`,
  );
  if (facts.stronger.length > 0) {
    const listed = facts.stronger
      .map((s) => {
        const partner = w.fig(s.partnerLevel, (v) => `level ${whole(v)}`, "level not shown");
        const school = w.fig(s.schoolLevel, whole, "not shown");
        // The gap between the levels as written, so the sentence adds up.
        const gap =
          s.partnerLevel.withheld || s.schoolLevel.withheld
            ? ""
            : ` (+${Math.round(s.partnerLevel.value) - Math.round(s.schoolLevel.value)})`;
        return `${metricLabel(framework, s.metric)} ${partner} vs ${school}${gap}`;
      })
      .join(", ");
    const mean =
      facts.meanGap === null
        ? ""
        : w.fig(facts.meanGap, (v) => `; ${v >= 0 ? "+" : ""}${one(v)} levels on average`, "");
    parts.push(`Stronger where this school is weakest: ${listed}${mean}.`);
  }
  const why = facts.broken
    .map((b) =>
      b === "caliper_km"
        ? `${one(facts.distanceKm)} km is beyond the preferred ${facts.caliperKm} km`
        : b === "max_cost"
          ? `${w.fig(facts.cost, (v) => `its cost ${two(v)}`, "its cost")} is above the maximum of ${facts.maxCost}`
          : "the partner is not stronger on the school's weakest measures",
    )
    .join("; ");
  if (facts.kept && facts.broken.length > 0)
    parts.push(`The pair breaks a pairing preference today (${why}), but existing pairs are kept.`);
  else if (facts.broken.length > 0) {
    const none =
      facts.withinPreferences === 0
        ? `No partner-eligible ${facts.schoolLevel} school meets every pairing preference for this school`
        : `The ${facts.withinPreferences} partner-eligible ${facts.schoolLevel} school(s) that meet every pairing preference for this school were needed by other priority schools with no better option`;
    parts.push(`${none}, so the preferences were widened for this pair: ${why}.`);
  }
  return w.end(parts);
}

/** Why a focus school is in its community of practice, or in none. */
export function communityReasonText(
  facts: CommunityRowFacts<Figure> | null,
  framework: Framework,
): string {
  if (facts === null) return NOT_RECORDED;
  const w = new Words();
  if (facts.kind === "unplaced") {
    const problems = facts.problems
      .map((p) => `${groupLabel(p.group)} in ${metricLabel(framework, p.metric)}`)
      .join("; ");
    switch (facts.why) {
      case "no_problem":
        return "No community: the school stays in targeted support only until it meets the exit rule; no student group meets the entry rule this year, so it has no current problem of practice.";
      case "none_sharing":
        return `No community: no other focus ${facts.schoolLevel} school${facts.crossDistrict ? "" : " in its district"} is weak on a measure of its problems of practice (${problems}).`;
      case "blocked":
        return `No community: the focus ${facts.schoolLevel} schools weak on a measure of its problems of practice (${problems}) are each in a community of ${facts.minSize} (${facts.sharing.join(", ")}) that shares no measure with it and cannot give that school up; a school belongs to one community.`;
    }
  }
  const measure = metricLabel(framework, facts.metric);
  const who =
    facts.groups.length === 1
      ? `${groupLabel(facts.groups[0]!)} are weak in ${measure}`
      : `a student group is weak in ${measure} (${facts.members.map((m) => groupLabel(m.group)).join("; ")})`;
  const levels = facts.members.map((m) => w.fig(m.level, whole, "not shown")).join(", ");
  return w.end([
    `${facts.members.length} ${facts.schoolLevel} schools where ${who} (levels ${levels}), with similar student populations (mean context distance ${two(facts.meanContextDistance)} between members), from ${facts.districts === 1 ? "one district" : `${facts.districts} districts`}.`,
  ]);
}

/** A proposal's reason as it stands: the hub analyst's override first, when there is one. */
export function overriddenReasonText(override: OverrideFacts | null, proposed: string): string {
  if (override === null) return proposed;
  const what =
    override.kind === "pair"
      ? override.target === null
        ? "Pair removed by the hub analyst"
        : `Partner set to ${override.target} by the hub analyst`
      : override.target === null
        ? "Taken out of communities by the hub analyst"
        : `Moved to community ${override.target} by the hub analyst`;
  return `${what}: ${override.statement} (Proposed: ${proposed})`;
}

/** A problem of practice (`GROUP × metric`) in words: the group's and the measure's labels. */
export function problemText(problem: string | null, framework: Framework): string | null {
  if (problem === null) return null;
  const [group = "", metric] = problem.split(" × ");
  return metric === undefined
    ? problem
    : `${group.split("+").map(groupLabel).join(" / ")} in ${metricLabel(framework, metric)}`;
}

/**
 * What would take a school out of its tier, in words: for each entry rule it meets, what must
 * rise and how far ("to leave focus, English learners' average level … would need to rise above
 * 2.35: one more level on a measure would do, e.g. English Language Arts performance reaching
 * level 3 (a value of −62.1 points or more)"), then how many years it takes. Null outside a tier.
 */
export function tierExitText(
  facts: TierExitFacts<Figure> | null,
  framework: Framework,
): string | null {
  if (facts === null) return null;
  const w = new Words();
  const tier = facts.tier;
  const years = facts.exitAfterYears;
  const yearsText = (n: number) => `${n} consecutive year${n === 1 ? "" : "s"}`;
  if (facts.conditions.length === 0) {
    const left = Math.max(1, years - facts.yearsBelowEntry);
    return w.end([
      `The school no longer meets the ${tier} entry rule (${facts.yearsBelowEntry} of ${years} years so far): ${left === 1 ? "one more year" : `${left} more years`} below it and it leaves ${tier}.`,
    ]);
  }
  const parts = facts.conditions.map((c) => exitConditionText(c, framework, w));
  return w.end([
    `To leave ${tier}, ${parts.join("; and ")}, and stay so for ${yearsText(years)} (cut-offs are set again each year).`,
  ]);
}

function exitConditionText(c: ExitConditionFacts<Figure>, framework: Framework, w: Words): string {
  const now = (f: Figure, shown: (v: number) => string) =>
    w.fig(f, (v) => ` (now ${shown(v)})`, "");
  switch (c.kind) {
    case "index":
      return `the index score${now(c.score, one)} would need to rise above this year's priority cut-off${w.fig(c.cutoff, (v) => ` of ${one(v)}`, ` (${CUTOFF_WITHHELD})`)}`;
    case "graduation":
      return `the graduation rate${now(c.rate, (v) => `${one(v)}%`)} would need to reach ${c.atLeast}%`;
    case "component":
      return `the school's subgroup component${now(c.component, one)} would need to rise above the focus cut-off${w.fig(c.cutoff, (v) => ` of ${one(v)}`, ` (${CUTOFF_WITHHELD})`)}`;
    case "group": {
      const group = groupLabel(c.group);
      const head = `the average level of ${group} across their measures${now(c.meanLevel, two)} would need to rise above ${w.fig(c.cutoff, (v) => `${two(v)}, the priority cut-off in level terms`, `the priority cut-off in level terms (${CUTOFF_WITHHELD})`)}`;
      const step = c.steps.find((s) => s.threshold !== null && !s.level.withheld);
      const stepText =
        step && step.threshold !== null && !step.level.withheld && !step.threshold.withheld
          ? `${metricLabel(framework, step.metric)}${step.studentGroup !== c.group ? ` for ${groupLabel(step.studentGroup)}` : ""} reaching level ${whole(step.level.value + 1)} (a value of ${formatValue(step.metric, step.threshold.value)} or ${step.direction === "higher" ? "more" : "less"})`
          : null;
      const needed = c.levelsNeeded.withheld ? null : c.levelsNeeded.value;
      if (needed === null) {
        if (stepText === null) w.withheld = true;
        return stepText === null ? head : `${head}, e.g. with ${stepText}`;
      }
      const how =
        needed === 1
          ? "one more level on any one of their measures would do"
          : `${needed} more levels across their measures would do`;
      return `${head}: ${how}${stepText ? `, e.g. ${stepText}` : ""}`;
    }
  }
}
