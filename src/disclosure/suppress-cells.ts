import type { Cell, CellSuppression, Partition } from "./cell.ts";
import { linearlyDeterminedCells } from "./linear-disclosure.ts";

/** A partition references a cell id that is not in the table. */
export class UnknownCellError extends Error {
  constructor(readonly cellId: string) {
    super(`partition references unknown cell "${cellId}"`);
    this.name = "UnknownCellError";
  }
}

/** What {@link suppressCells} decided. */
export interface SuppressionResult {
  /** One entry per shown (non-implicit) cell. */
  readonly cells: ReadonlyMap<string, CellSuppression>;
  /**
   * Partitions whose hidden cells cannot be protected by hiding more parts: the total's own rate
   * is 0% or 100%, which tells every part's rate (not a subtraction; see the module rule).
   */
  readonly extremeTotals: readonly Partition[];
}

/**
 * Primary and complementary suppression of a table of cells linked by partitions.
 *
 * The rule:
 * 1. **Primary**: a shown cell with 0 < n < `minN` is hidden (`small_n`). Implicit cells (never
 *    shown) count as unknown to the reader; one with 0 < n < `minN` is *sensitive* like a
 *    suppressed cell. Cells with n = 0 hold nobody and are known zeros.
 * 2. **Per partition** (`total = Σ parts`) holding a sensitive hidden cell: it must hold at least
 *    two hidden cells; when the total is shown, the hidden parts' remaining count
 *    R_n = total.n − Σ shown n must exceed their number (each hidden n ≥ 1 then has two or more
 *    possible values), and the remaining numerator R_k must satisfy 1 ≤ R_k ≤ R_n − 1 (each hidden
 *    numerator can then be 0 or not, so no hidden rate is pinned to 0% or 100%). Otherwise the
 *    shown part with the smallest n (then smallest id) is hidden too (`complementary`), and again.
 * 3. **Whole table**: the equations together must not pin a sensitive cell (checked exactly by
 *    {@link linearlyDeterminedCells}); when one is pinned, the smallest shown cell sharing a
 *    partition with it is hidden, and rules 2–3 run again.
 *
 * `forced` cells are hidden as complementary before the rules run (a relation outside these
 * partitions, such as a composite beside its components, needs them hidden); `minN` may differ
 * per cell (a table of several measures).
 *
 * Totals are hidden only when a partition has no shown part left to hide. A partition whose total
 * rate is 0% or 100% with every part already hidden is reported in `extremeTotals` (the total
 * itself says every part's rate); rule 3 then treats those parts' numerators as known, so they
 * cannot be subtracted from a crossing partition to reveal another cell.
 */
export function suppressCells(
  cells: readonly Cell[],
  partitions: readonly Partition[],
  minN: number | ((cellId: string) => number),
  forced: ReadonlySet<string> = new Set(),
): SuppressionResult {
  const minNOf = typeof minN === "number" ? () => minN : minN;
  const byId = new Map(cells.map((c) => [c.id, c]));
  for (const p of partitions) {
    for (const id of [p.total, ...p.parts]) if (!byId.has(id)) throw new UnknownCellError(id);
  }
  const hidden = new Set<string>();
  const sensitive = new Set<string>();
  const reason = new Map<string, CellSuppression["reason"]>();
  for (const c of cells) {
    const small = c.n > 0 && c.n < minNOf(c.id);
    if (c.implicit && c.n > 0) hidden.add(c.id);
    if (small) {
      hidden.add(c.id);
      sensitive.add(c.id);
      if (!c.implicit) reason.set(c.id, "small_n");
    }
  }
  const hide = (id: string) => {
    hidden.add(id);
    sensitive.add(id);
    if (!reason.has(id)) reason.set(id, "complementary");
  };
  const showable = (id: string) => {
    const c = byId.get(id)!;
    return !c.implicit && c.n > 0 && !hidden.has(id);
  };
  const smallest = (ids: readonly string[]): string | undefined =>
    ids
      .filter(showable)
      .sort((a, b) => byId.get(a)!.n - byId.get(b)!.n || (a < b ? -1 : a > b ? 1 : 0))[0];

  for (const id of forced) if (byId.has(id) && showable(id)) hide(id);

  const extreme = new Set<Partition>();
  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const p of partitions) {
        const members = [p.total, ...p.parts];
        if (!members.some((id) => sensitive.has(id))) continue;
        const verdict = protection(p, byId, hidden);
        if (verdict === "protected") continue;
        // Hiding the total cannot move a 0% / 100% total rate, so extremes only take parts.
        const next =
          smallest(p.parts) ?? (verdict === "too_few" && showable(p.total) ? p.total : undefined);
        if (next !== undefined) {
          hide(next);
          changed = true;
        } else if (verdict === "extreme") {
          extreme.add(p);
        }
      }
    }
    // Counts, numerators and "not counted" (n − numerator) obey the same equations; a 0% total
    // pins its parts' numerators and a 100% total their "not counted", which the reader can then
    // subtract elsewhere.
    const zeroNumerator = new Set<string>();
    const zeroRest = new Set<string>();
    for (const p of extreme) {
      const total = byId.get(p.total)!;
      const into = total.numerator === 0 ? zeroNumerator : zeroRest;
      for (const id of p.parts) into.add(id);
    }
    const pinned = [
      ...new Set([
        ...linearlyDeterminedCells(hidden, partitions),
        ...linearlyDeterminedCells(hidden, partitions, zeroNumerator),
        ...linearlyDeterminedCells(hidden, partitions, zeroRest),
      ]),
    ].filter((id) => sensitive.has(id));
    if (pinned.length === 0) break;
    // The nearest shown cell in the graph of partitions: first those sharing a partition with a
    // pinned cell, then one step further, and so on.
    let grew = false;
    for (const id of pinned) {
      let frontier = new Set([id]);
      const visited = new Set<string>();
      while (frontier.size > 0 && !grew) {
        const ring = partitions
          .filter((p) => frontier.has(p.total) || p.parts.some((x) => frontier.has(x)))
          .flatMap((p) => [...p.parts, p.total]);
        const next = smallest(ring);
        if (next !== undefined) {
          hide(next);
          grew = true;
        }
        for (const x of frontier) visited.add(x);
        frontier = new Set(ring.filter((x) => !visited.has(x)));
      }
      if (grew) break;
    }
    if (!grew) break;
  }

  const out = new Map<string, CellSuppression>();
  for (const c of cells) {
    if (c.implicit) continue;
    const isHidden = hidden.has(c.id);
    out.set(c.id, {
      suppressed: isHidden,
      reason: isHidden ? (reason.get(c.id) ?? "small_n") : null,
    });
  }
  return { cells: out, extremeTotals: [...extreme] };
}

function protection(
  p: Partition,
  byId: ReadonlyMap<string, Cell>,
  hidden: ReadonlySet<string>,
): "protected" | "too_few" | "extreme" {
  const hiddenParts = p.parts.filter((id) => hidden.has(id));
  const totalHidden = hidden.has(p.total);
  const hiddenCount = hiddenParts.length + (totalHidden ? 1 : 0);
  if (hiddenCount === 0) return "protected";
  if (hiddenCount < 2) return "too_few";
  if (totalHidden) return "protected";
  const total = byId.get(p.total)!;
  const shown = p.parts.filter((id) => !hidden.has(id)).map((id) => byId.get(id)!);
  const restN = total.n - shown.reduce((s, c) => s + c.n, 0);
  if (restN < hiddenParts.length + 1) return "too_few";
  const withNumerators = [total, ...shown, ...hiddenParts.map((id) => byId.get(id)!)];
  if (withNumerators.every((c) => c.numerator !== null)) {
    const restK = total.numerator! - shown.reduce((s, c) => s + c.numerator!, 0);
    if (restK < 1 || restK > restN - 1) return "extreme";
  }
  return "protected";
}
