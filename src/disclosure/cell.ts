/**
 * A cell of an aggregate table: how many students (`n`) and how many of them were counted
 * (`numerator`, null for means). `implicit` cells are never shown (e.g. "not EL" = ALL − EL, or
 * the students of no reported race group) but can be derived from shown ones, so they take part
 * in the suppression rules.
 */
export interface Cell {
  readonly id: string;
  readonly n: number;
  readonly numerator: number | null;
  readonly implicit?: boolean;
}

/**
 * `total` = Σ `parts`, exactly (counts and numerators). Give the implicit remainder as a part when
 * the shown parts do not cover the total.
 */
export interface Partition {
  readonly total: string;
  readonly parts: readonly string[];
}

/** Why a cell is hidden: its own n is below min n, or it hides another cell (complementary). */
export type SuppressionReason = "small_n" | "complementary";

/** The outcome for one cell; `reason` is null for shown cells. */
export interface CellSuppression {
  readonly suppressed: boolean;
  readonly reason: SuppressionReason | null;
}
