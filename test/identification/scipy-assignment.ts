import { execFileSync } from "node:child_process";

/** Debian's python3 with python3-scipy (the pyenv `python3` on PATH has no scipy). */
const PYTHON = "/usr/bin/python3";

/** Whether /usr/bin/python3 can import scipy. */
export function scipyAvailable(): boolean {
  try {
    execFileSync(PYTHON, ["-c", "import scipy.optimize"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const SCRIPT = `
import json, sys
import numpy as np
from scipy.optimize import linear_sum_assignment
p = json.load(sys.stdin)
rows = len(p["cost"])
finite = [c for row in p["cost"] for c in row if c is not None]
M = (sum(abs(c) for c in finite) + 1.0) * 4
cols = [j for j, k in enumerate(p["capacity"]) for _ in range(k)]
C = np.full((rows, len(cols) + rows), M)  # one "unassigned" column per row at cost M
for i, row in enumerate(p["cost"]):
    for s, j in enumerate(cols):
        C[i, s] = 2 * M if row[j] is None else row[j]
r, c = linear_sum_assignment(C)
total = sum(C[i, s] for i, s in zip(r, c) if s < len(cols) and C[i, s] < M)
count = sum(1 for i, s in zip(r, c) if s < len(cols) and C[i, s] < M)
print(json.dumps({"total": float(total), "count": int(count)}))
`;

/**
 * scipy's `linear_sum_assignment` on the same problem: forbidden entries (Infinity) become a
 * large finite cost 2M, capacities become duplicated columns, and each row gets an "unassigned"
 * column at cost M, so that scipy, too, pairs as many rows as possible before minimizing cost.
 */
export function scipyAssignment(
  cost: number[][],
  capacity: number[],
): { total: number; count: number } {
  const input = JSON.stringify({
    cost: cost.map((row) => row.map((c) => (Number.isFinite(c) ? c : null))),
    capacity,
  });
  return JSON.parse(execFileSync(PYTHON, ["-c", SCRIPT], { input }).toString()) as {
    total: number;
    count: number;
  };
}
