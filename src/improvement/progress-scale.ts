/**
 * The IHI project progress assessment scale (docs: ../shared/reference/improvement-tools.md §1):
 * a team sets its score itself, each month; it is not computed.
 */
export const PROGRESS_SCALE = [
  { score: 0.5, meaning: "Intent to participate" },
  { score: 1.0, meaning: "Charter and team established" },
  { score: 1.5, meaning: "Planning begun" },
  { score: 2.0, meaning: "Activity, but no changes" },
  { score: 2.5, meaning: "Changes tested, no improvement" },
  { score: 3.0, meaning: "Modest improvement (~20% of expected results)" },
  { score: 3.5, meaning: "Improvement" },
  { score: 4.0, meaning: "Significant improvement (≥50% of goals)" },
  { score: 4.5, meaning: "Sustainable improvement" },
  { score: 5.0, meaning: "Outstanding sustainable results" },
] as const;

/** The scores of the scale, for schemas. */
export const PROGRESS_SCORES: readonly number[] = PROGRESS_SCALE.map((s) => s.score);
