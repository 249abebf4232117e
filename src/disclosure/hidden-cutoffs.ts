import type { WithheldFigures } from "./run-decisions.ts";

/** A network cut-off a tier reason quotes: on the index score, or on the subgroup component. */
export type CutoffKind = "priorityScore" | "subgroupComponent";

/**
 * Whether a network cut-off (its exact `value`) is a figure withheld from the reader: a cut-off is
 * one school's index score (or subgroup component), so it is withheld when it equals that figure
 * of a school whose index is withheld from the reader (ties included: any such school counts).
 */
export type CutoffHidden = (kind: CutoffKind, value: number) => boolean;

/** How each kind of cut-off is read from a withheld school's figures. */
const FIGURE: Readonly<Record<CutoffKind, (f: WithheldFigures) => number | null>> = {
  priorityScore: (f) => f.indexScore,
  subgroupComponent: (f) => f.subgroupComponent,
};

/**
 * Two computations of the same figure (the subgroup component is summed by identification and by
 * the withheld-index pass) agree to far better than this; distinct schools' figures differ by more.
 */
const SAME = 1e-9;

/**
 * The cut-offs hidden from a reader who sees the schools `sees` accepts unsuppressed, given a
 * run's withheld figures ({@link withheldIndexes}, computed once per run): one pass over them
 * per request, then a sorted search per quoted cut-off.
 */
export function hiddenCutoffs(
  figures: readonly WithheldFigures[],
  sees: (schoolCode: string) => boolean,
): CutoffHidden {
  const unseen = figures.filter((f) => !sees(f.schoolCode));
  const values = new Map<CutoffKind, Float64Array>();
  for (const kind of Object.keys(FIGURE) as CutoffKind[]) {
    values.set(kind, Float64Array.from(unseen.flatMap((f) => FIGURE[kind](f) ?? [])).sort());
  }
  return (kind, value) => {
    const sorted = values.get(kind)!;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < value - SAME * Math.max(1, Math.abs(value))) lo = mid + 1;
      else hi = mid;
    }
    return (
      lo < sorted.length && Math.abs(sorted[lo]! - value) <= SAME * Math.max(1, Math.abs(value))
    );
  };
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
