"""The attacker of the disclosure attack suite: for every target, the tightest interval that linear
programming gives from the published equations and bounds (test/disclosure/lp-attack.ts builds
them). Reads JSON on stdin, writes JSON on stdout: [{"id", "lo", "hi"}].

A problem holds variables with bounds, equalities over them, ratio bounds (lo <= num/den <= hi)
and targets: a variable, or a ratio num/den times a scale (Charnes-Cooper: y = t x, den = 1).
Integrality is relaxed, so intervals are outer bounds of what an integer attacker gets.
"""
import json
import multiprocessing
import math
import sys

import numpy as np
from scipy.optimize import linprog


def solve(problem):
    names = problem["vars"]
    index = {n: i for i, n in enumerate(names)}
    k = len(names)
    out = []
    for target in problem["targets"]:
        ratio = "den" in target
        width = k + (1 if ratio else 0)  # t is the last column for ratios
        a_eq, b_eq, a_ub, b_ub = [], [], [], []
        for eq in problem["eq"]:
            row = np.zeros(width)
            for name, c in eq["coef"].items():
                row[index[name]] += c
            if ratio:
                row[k] = -eq["rhs"]
                a_eq.append(row)
                b_eq.append(0.0)
            else:
                a_eq.append(row)
                b_eq.append(eq["rhs"])
        bounds = []
        for name in names:
            lo, hi = problem["bounds"][name]
            hi = math.inf if hi is None else hi
            if ratio:
                # lo t <= y <= hi t as inequalities; y itself free
                row = np.zeros(width)
                row[index[name]] = -1.0
                row[k] = lo
                a_ub.append(row)
                b_ub.append(0.0)
                if math.isfinite(hi):
                    row = np.zeros(width)
                    row[index[name]] = 1.0
                    row[k] = -hi
                    a_ub.append(row)
                    b_ub.append(0.0)
                bounds.append((None, None))
            else:
                bounds.append((lo, None if not math.isfinite(hi) else hi))
        for rb in problem["ratios"]:
            num, den = index[rb["num"]], index[rb["den"]]
            row = np.zeros(width)
            row[num] = -1.0
            row[den] = rb["lo"]
            a_ub.append(row)
            b_ub.append(0.0)
            row = np.zeros(width)
            row[num] = 1.0
            row[den] = -rb["hi"]
            a_ub.append(row)
            b_ub.append(0.0)
        if ratio:
            bounds.append((0, None))
            row = np.zeros(width)
            row[index[target["den"]]] = 1.0
            a_eq.append(row)
            b_eq.append(1.0)
            goal = index[target["num"]]
            scale = target.get("scale", 1.0)
        else:
            goal = index[target["var"]]
            scale = 1.0
        result = []
        for sign in (1.0, -1.0):
            c = np.zeros(width)
            c[goal] = sign
            r = linprog(
                c,
                A_ub=np.array(a_ub) if a_ub else None,
                b_ub=np.array(b_ub) if b_ub else None,
                A_eq=np.array(a_eq) if a_eq else None,
                b_eq=np.array(b_eq) if b_eq else None,
                bounds=bounds,
                method="highs",
            )
            if r.status == 3:
                result.append(-math.inf * sign)
            elif r.status != 0:
                result.append(None)
            else:
                result.append(sign * r.fun * scale)
        lo, hi = (None if v is None else max(min(v, 1e300), -1e300) for v in result)
        out.append({"id": target["id"], "lo": lo, "hi": hi})
    return out


def main():
    problems = json.load(sys.stdin)
    answers = []
    with multiprocessing.Pool(int(sys.argv[1]) if len(sys.argv) > 1 else 2) as pool:
        for part in pool.imap(solve, problems, chunksize=8):
            answers.extend(part)
    json.dump(answers, sys.stdout, allow_nan=True)


if __name__ == "__main__":
    main()
