import type { CutoffKind } from "../identification/reason-sentence.ts";
import type { WithheldFigures } from "./run-decisions.ts";

/**
 * Whether a network cut-off, as a reason quotes it (`quoted`, e.g. "20.4"), may give a withheld
 * figure back to the reader: a cut-off is one school's index score (or subgroup component), so it
 * is hidden when it reads the same as that figure of a school whose index is withheld from the
 * reader. Matching the quoted text, not the exact value, hides a cut-off equal to the withheld
 * figure in every case (it can only also hide one that rounds to it).
 */
export type CutoffHidden = (kind: CutoffKind, quoted: string) => boolean;

/** How each kind of cut-off is quoted from the figure it is. */
const QUOTED: Readonly<Record<CutoffKind, (f: WithheldFigures) => string | null>> = {
  priorityScore: (f) => (f.indexScore === null ? null : f.indexScore.toFixed(1)),
  // The priority cut-off in level terms is the score / 10 (to two decimals).
  priorityLevel: (f) => (f.indexScore === null ? null : (f.indexScore / 10).toFixed(2)),
  subgroupComponent: (f) => (f.subgroupComponent === null ? null : f.subgroupComponent.toFixed(1)),
};

/**
 * The cut-offs hidden from a reader who sees the schools `sees` accepts unsuppressed, given a
 * run's withheld figures ({@link withheldIndexes}, computed once per run): one pass over them
 * per request, then a set lookup per quoted cut-off.
 */
export function hiddenCutoffs(
  figures: readonly WithheldFigures[],
  sees: (schoolCode: string) => boolean,
): CutoffHidden {
  const unseen = figures.filter((f) => !sees(f.schoolCode));
  const forms = new Map<CutoffKind, Set<string>>();
  for (const kind of Object.keys(QUOTED) as CutoffKind[]) {
    forms.set(kind, new Set(unseen.flatMap((f) => QUOTED[kind](f) ?? [])));
  }
  return (kind, quoted) => forms.get(kind)!.has(quoted);
}

/** A key of the reader scope {@link hiddenCutoffs} decides on: the withheld schools they do not see. */
export function unseenWithheldKey(
  figures: readonly WithheldFigures[],
  sees: (schoolCode: string) => boolean,
): string {
  return [...new Set(figures.filter((f) => !sees(f.schoolCode)).map((f) => f.schoolCode))]
    .sort()
    .join(",");
}
