/** Which way a measure improves: "higher" values are better, or "lower" ones. */
export type Direction = "higher" | "lower";

/**
 * The level (1 … cuts.length + 1) of `value` against ascending cut points `cuts`.
 *
 * Tie rule: a value exactly at a cut point has reached it and gets the better of the two levels
 * it separates. Higher is better: level = 1 + #{c ≤ value} (level k is `lower_bound ≤ v <
 * upper_bound`). Lower is better, the scale reversed: level = 1 + #{c ≥ value} (level k is
 * `lower_bound < v ≤ upper_bound`).
 */
export function levelOf(value: number, cuts: readonly number[], direction: Direction): number {
  assertAscending(cuts);
  let reached = 0;
  for (const cut of cuts) if (direction === "higher" ? cut <= value : cut >= value) reached++;
  return 1 + reached;
}

/**
 * The signed change in `value` needed to reach at least `level + 1`, `level + 2`, …, `level +
 * steps` (null beyond the top level): positive for higher-is-better measures, negative (a
 * decrease) for lower-is-better ones. Reaching the bound exactly is enough (see {@link levelOf}).
 */
export function changeNeeded(
  value: number,
  cuts: readonly number[],
  direction: Direction,
  steps = 3,
): (number | null)[] {
  const level = levelOf(value, cuts, direction);
  const top = cuts.length + 1;
  const changes: (number | null)[] = [];
  for (let step = 1; step <= steps; step++) {
    const target = level + step;
    if (target > top) {
      changes.push(null);
      continue;
    }
    // Higher: level ≥ k ⇔ v ≥ cuts[k-2]. Lower: level ≥ k ⇔ v ≤ cuts[top-k].
    const bound = direction === "higher" ? cuts[target - 2]! : cuts[top - target]!;
    changes.push(bound - value);
  }
  return changes;
}

function assertAscending(cuts: readonly number[]): void {
  for (let i = 1; i < cuts.length; i++)
    if (!(cuts[i - 1]! <= cuts[i]!))
      throw new RangeError(`cut points must ascend: ${cuts[i - 1]} then ${cuts[i]} at index ${i}`);
}
