import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import { groupLabel } from "./group-label.ts";
import type {
  GroupMeasure,
  Identification,
  NetworkCutoffs,
  SchoolStanding,
  Trigger,
} from "./identify-schools.ts";

type Decided = Omit<Identification, "reason">;

/**
 * The reason for a school's tier in one or two sentences a principal can read, with the numbers
 * that decided it (scores to one decimal, levels to two).
 */
export function reasonSentence(
  s: SchoolStanding,
  d: Decided,
  cutoffs: NetworkCutoffs,
  framework: Framework,
): string {
  const rules = framework.identification;
  const score = s.indexScore.toFixed(1);
  const cutoff = cutoffs.priorityScore?.toFixed(1) ?? "none";
  const exitRule = `a school leaves a tier after ${rules.exit_after_years_below_entry} consecutive years below its entry rule`;
  const parts: string[] = [];

  if (d.tier === "priority" && d.meetsPriority) {
    const why: string[] = [];
    if (d.priorityBy.index)
      why.push(
        `index score ${score} is in the lowest ${rules.priority.lowest_percent}% of the network (cut-off ${cutoff})`,
      );
    if (d.priorityBy.graduation)
      why.push(
        `${graduationText(s.graduationRate!)} is below ${rules.priority.graduation_rate_below}%`,
      );
    parts.push(`Identified for comprehensive support (priority): ${why.join("; and ")}.`);
    if (d.exitStatus === "continuing") parts.push(`Year ${d.yearsInTier} in priority.`);
  } else if (d.tier === "priority") {
    parts.push(
      `Remains in comprehensive support (priority, year ${d.yearsInTier}): index score ${score} is above the entry cut-off (${cutoff}) for ${d.yearsBelowEntry} year(s); ${exitRule}.`,
    );
  } else if (d.tier === "focus" && d.meetsFocus) {
    const why = d.triggers.map((t) => triggerText(t, framework));
    const byLevel = cutoffs.subgroupComponentByLevel?.[s.schoolLevel];
    const rule =
      rules.focus.subgroup_mean_level_at_or_below_priority_cutoff &&
      cutoffs.priorityLevel !== null &&
      d.triggers.some((t) => t.meanLevel <= cutoffs.priorityLevel!)
        ? `, at or below the priority cut-off of ${cutoffs.priorityLevel.toFixed(2)}`
        : byLevel !== undefined
          ? `; the school's subgroup component ${s.subgroupComponent?.toFixed(1)} is in the lowest ${rules.focus.subgroup_component_lowest_percent}% of the network's ${s.schoolLevel} schools outside priority (cut-off ${byLevel?.toFixed(1)})`
          : `; the school's subgroup component ${s.subgroupComponent?.toFixed(1)} is in the lowest ${rules.focus.subgroup_component_lowest_percent}% of the network (cut-off ${cutoffs.subgroupComponent?.toFixed(1)})`;
    parts.push(`${FOCUS_ENTRY}${why.join("; ")}${rule}.`);
    if (d.exitedFrom === "priority") parts.push("It left priority after meeting the exit rule.");
    if (d.exitStatus === "continuing") parts.push(`Year ${d.yearsInTier} in focus.`);
  } else if (d.tier === "focus") {
    parts.push(
      `Remains in targeted support (focus, year ${d.yearsInTier}): no accountability group meets the entry rule this year (${d.yearsBelowEntry} year(s)); ${exitRule}.`,
    );
  } else {
    if (d.exitedFrom !== null)
      parts.push(
        `Exited ${d.exitedFrom === "priority" ? "comprehensive support (priority)" : "targeted support (focus)"} after ${rules.exit_after_years_below_entry} consecutive years below the entry rule.`,
      );
    const level = s.indexLevel === null ? "no index level" : `index level ${s.indexLevel}`;
    if (d.tier === "partner_eligible") {
      const why: string[] = [];
      if (s.indexLevel !== null && s.indexLevel >= rules.partner_eligible.min_index_level)
        why.push(`${level} (score ${score}) is at least ${rules.partner_eligible.min_index_level}`);
      if (s.growthLevel !== null && s.growthLevel >= rules.partner_eligible.min_growth_level)
        why.push(
          `mean growth level ${s.growthLevel.toFixed(1)} is at least ${rules.partner_eligible.min_growth_level}`,
        );
      parts.push(`Eligible to partner with a school in support: ${why.join(" and ")}.`);
    } else if (rules.priority.title_i_only && !s.titleI) {
      parts.push(
        `Not identified: only Title I schools are identified under this framework (index score ${score}, ${level}).`,
      );
    } else {
      const groupRule = rules.focus.subgroup_mean_level_at_or_below_priority_cutoff
        ? " no accountability group is at or below it, and"
        : "";
      const share = cutoffs.subgroupComponentByLevel
        ? ` the lowest ${rules.focus.subgroup_component_lowest_percent}% of the network's ${s.schoolLevel} schools`
        : " the lowest";
      parts.push(
        `Not identified: index score ${score} (${level}) is above the priority cut-off (${cutoff}),${groupRule} and the school is not among${share} on its subgroup component.`,
      );
    }
  }
  return parts.join(" ");
}

/** What a reason shows in place of a quoted level the reader may not see. */
export const SUPPRESSED_LEVEL = "suppressed";

/**
 * One focus trigger in words: the group's mean level and its weakest measures' levels. A level
 * `hidden` says the reader may not see is written as {@link SUPPRESSED_LEVEL}, and so is the mean
 * then (with the other levels shown it would give the hidden one away).
 */
export function triggerText(
  t: Trigger,
  framework: Framework,
  hidden: (m: GroupMeasure) => boolean = () => false,
): string {
  const anyHidden = t.measures.some(hidden);
  const measures = t.measures
    .map(
      (m) =>
        `${metricLabel(framework, m.metric)} level ${hidden(m) ? SUPPRESSED_LEVEL : m.level}${t.group === "LOWEST_RACE" ? ` for ${groupLabel(m.studentGroup)}` : ""}`,
    )
    .join(", ");
  const mean = anyHidden ? SUPPRESSED_LEVEL : t.meanLevel.toFixed(2);
  return `${groupLabel(t.group)} have a mean level of ${mean} across measures (${measures})`;
}

const FOCUS_ENTRY = "Identified for targeted support (focus): ";

/** The all-students graduation rate as a priority reason quotes it. */
export function graduationText(rate: number | null): string {
  return `graduation rate ${rate === null ? SUPPRESSED_LEVEL : `${rate.toFixed(1)}%`}`;
}

/** A reason that quotes a hidden level in a form this code cannot find (fails closed). */
export const WITHHELD_REASON =
  "The reason quotes a student group's result that is suppressed for this reader.";

/**
 * A tier reason with the school's own index score and subgroup component (every form
 * {@link reasonSentence} quotes them in: "index score 41.2", "(score 41.2)", "subgroup component
 * 38.5") written as suppressed. The network's cut-offs are {@link suppressCutoffs}' concern.
 */
export function suppressIndexFigures(reason: string): string {
  return reason
    .replaceAll(/index score -?[0-9]+\.[0-9]/g, `index score ${SUPPRESSED_LEVEL}`)
    .replaceAll(/\(score -?[0-9]+\.[0-9]\)/g, `(score ${SUPPRESSED_LEVEL})`)
    .replaceAll(/subgroup component -?[0-9]+\.[0-9]/g, `subgroup component ${SUPPRESSED_LEVEL}`);
}

/** A network cut-off a tier reason quotes (see {@link NetworkCutoffs}). */
export type CutoffKind = "priorityScore" | "priorityLevel" | "subgroupComponent";

/** Every form in which {@link reasonSentence} quotes a cut-off: the text before it and its kind. */
const CUTOFF_FORMS: readonly (readonly [RegExp, CutoffKind])[] = [
  [
    /(index score \S+ is in the lowest [0-9.]+% of the network \(cut-off )(-?[0-9]+\.[0-9])/g,
    "priorityScore",
  ],
  [/(above the entry cut-off \()(-?[0-9]+\.[0-9])/g, "priorityScore"],
  [/(above the priority cut-off \()(-?[0-9]+\.[0-9])/g, "priorityScore"],
  [/(at or below the priority cut-off of )(-?[0-9]+\.[0-9]{2})/g, "priorityLevel"],
  [
    /(subgroup component \S+ is in the lowest [0-9.]+% of the network \(cut-off )(-?[0-9]+\.[0-9])/g,
    "subgroupComponent",
  ],
  [
    /(subgroup component \S+ is in the lowest [0-9.]+% of the network's [a-z]+ schools outside priority \(cut-off )(-?[0-9]+\.[0-9])/g,
    "subgroupComponent",
  ],
];

/**
 * A tier reason with each network cut-off `hidden` says the reader may not see written as
 * suppressed: a cut-off is one school's figure, so quoting it gives that school's figure back
 * when it is withheld from the reader.
 */
export function suppressCutoffs(
  reason: string,
  hidden: (kind: CutoffKind, quoted: string) => boolean,
): string {
  let out = reason;
  for (const [form, kind] of CUTOFF_FORMS)
    out = out.replaceAll(form, (whole, before: string, quoted: string) =>
      hidden(kind, quoted) ? `${before}${SUPPRESSED_LEVEL}` : whole,
    );
  return out;
}

/**
 * A stored tier reason (from {@link reasonSentence}) with the levels of `hidden` trigger measures,
 * a hidden graduation rate, and the index figures of a school whose index uses a hidden cell
 * ({@link suppressIndexFigures}) and the network cut-offs `quoted.cutoffHidden` hides, written as
 * suppressed. Each quoted level is found by
 * regenerating it, so a reason written in another form (an older run) that quotes a hidden level
 * is withheld whole rather than shown.
 */
export function suppressTierReason(
  reason: string,
  quoted: {
    readonly triggers: readonly Trigger[];
    /** The all-students graduation rate (which a priority reason may quote) is hidden. */
    readonly graduationHidden: boolean;
    /** The school's index score and subgroup component are hidden. */
    readonly indexHidden?: boolean;
    /** A quoted network cut-off is hidden ({@link suppressCutoffs}). */
    readonly cutoffHidden?: (kind: CutoffKind, quoted: string) => boolean;
  },
  framework: Framework,
  hidden: (m: GroupMeasure) => boolean,
): string {
  const graduation = quoted.graduationHidden
    ? reason.replaceAll(/graduation rate [0-9]+\.[0-9]%/g, graduationText(null))
    : reason;
  const cut = quoted.cutoffHidden ? suppressCutoffs(graduation, quoted.cutoffHidden) : graduation;
  const out = quoted.indexHidden ? suppressIndexFigures(cut) : cut;
  // Only a focus entry quotes trigger levels (a priority school may meet focus too, unquoted).
  if (!out.includes(FOCUS_ENTRY)) return out;
  let shown = out;
  for (const t of quoted.triggers) {
    if (!t.measures.some(hidden)) continue;
    const text = triggerText(t, framework);
    if (!shown.includes(text)) return WITHHELD_REASON;
    shown = shown.replaceAll(text, triggerText(t, framework, hidden));
  }
  return shown;
}
