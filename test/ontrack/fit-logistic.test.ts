import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discrimination } from "../../src/ontrack/discrimination.ts";
import { fitLogistic, probabilitySql } from "../../src/ontrack/fit-logistic.ts";
import { Random } from "../../src/synth/random.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

/** The planted model: 8th-grade features (standardized or 0/1) → on track at the end of 9th. */
const TRUE = {
  "(intercept)": 0.8,
  attendance: 0.6,
  gpa: 1.1,
  df_marks: -0.5,
  test_score: 0.4,
  suspended: -0.7,
  moved: -0.3,
} as const;
const FEATURES = {
  attendance: "attendance",
  gpa: "gpa",
  df_marks: "df_marks",
  test_score: "test_score",
  suspended: "suspended",
  moved: "moved",
};

/** `n` students of a cohort drawn from the planted model (seeded: the same rows every run). */
function cohort(seed: number, n: number): string[] {
  const rng = new Random(seed, "ontrack-cohort");
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const attendance = rng.normal();
    const gpa = 0.5 * attendance + Math.sqrt(0.75) * rng.normal();
    const df = Math.max(0, Math.round(1 - 1.2 * gpa + rng.normal()));
    const test = 0.6 * gpa + 0.8 * rng.normal();
    const suspended = rng.bernoulli(0.08 + (gpa < -1 ? 0.1 : 0)) ? 1 : 0;
    const moved = rng.bernoulli(0.12) ? 1 : 0;
    const eta =
      TRUE["(intercept)"] +
      TRUE.attendance * attendance +
      TRUE.gpa * gpa +
      TRUE.df_marks * df +
      TRUE.test_score * test +
      TRUE.suspended * suspended +
      TRUE.moved * moved;
    const p = 1 / (1 + Math.exp(-eta));
    const y = rng.bernoulli(p) ? 1 : 0;
    rows.push(`(${attendance}, ${gpa}, ${df}, ${test}, ${suspended}, ${moved}, ${p}, ${y})`);
  }
  return rows;
}

let w: Warehouse;
beforeAll(async () => {
  w = await Warehouse.open(":memory:", { threads: 1 });
  for (const [name, seed] of [
    ["train", 11],
    ["held_out", 12],
  ] as const) {
    await w.run(
      `CREATE TABLE ${name} (attendance DOUBLE, gpa DOUBLE, df_marks DOUBLE, test_score DOUBLE,
         suspended DOUBLE, moved DOUBLE, true_p DOUBLE, on_track INTEGER)`,
    );
    const rows = cohort(seed, 20_000);
    for (let i = 0; i < rows.length; i += 2_000)
      await w.run(`INSERT INTO ${name} VALUES ${rows.slice(i, i + 2_000).join(", ")}`);
  }
});
afterAll(() => w?.close());

describe("fitLogistic: the lanes' model recovers the planted one", () => {
  it("ranks a held-out cohort within 0.02 AUC of the true model, calibrated within 3 points per decile", async () => {
    const fit = await fitLogistic(w, { from: "train", outcome: "on_track", features: FEATURES });
    expect(fit.names).toEqual(Object.keys(TRUE));
    // Each coefficient within 4 standard errors of the planted value.
    fit.names.forEach((name, j) => {
      const planted = TRUE[name as keyof typeof TRUE];
      expect(Math.abs(fit.coefficients[j]! - planted)).toBeLessThan(4 * fit.standardErrors[j]!);
    });
    const estimated = await discrimination(w, {
      from: "held_out",
      probability: probabilitySql(fit, FEATURES),
      outcome: "on_track",
    });
    const truth = await discrimination(w, {
      from: "held_out",
      probability: "true_p",
      outcome: "on_track",
    });
    expect(estimated.n).toBe(20_000);
    expect(Math.abs(estimated.auc - truth.auc)).toBeLessThan(0.02);
    expect(estimated.auc).toBeGreaterThan(0.7);
    expect(estimated.calibration).toHaveLength(10);
    for (const d of estimated.calibration)
      expect(Math.abs(d.predicted - d.observed), `decile ${d.decile}`).toBeLessThan(0.03);
  });

  it("computes the AUC as Mann–Whitney with ties counted half (hand-worked)", async () => {
    // Positives at 0.9, 0.5; negatives at 0.5, 0.1: pairs (0.9>0.5)=1, (0.9>0.1)=1, (0.5=0.5)=½,
    // (0.5>0.1)=1 → 3.5 of 4.
    const d = await discrimination(w, {
      from: "(VALUES (0.9, 1), (0.5, 1), (0.5, 0), (0.1, 0)) AS t(p, y)",
      probability: "p",
      outcome: "y",
    });
    expect(d.auc).toBe(0.875);
  });

  it("refuses a feature that separates the outcome perfectly", async () => {
    await expect(
      fitLogistic(w, { from: "train", outcome: "on_track", features: { y: "on_track" } }),
    ).rejects.toThrow(/did not converge/);
    // A ridge penalty keeps the coefficient finite: it converges, large and positive.
    const penalized = await fitLogistic(
      w,
      { from: "train", outcome: "on_track", features: { y: "on_track" } },
      { ridge: 1 },
    );
    expect(penalized.coefficients[1]).toBeGreaterThan(5);
    expect(Number.isFinite(penalized.coefficients[1])).toBe(true);
  });

  it("leaves out a constant feature, with a warning", async () => {
    const fit = await fitLogistic(w, {
      from: "train",
      outcome: "on_track",
      features: { gpa: "gpa", nothing: "0.0" },
    });
    expect(fit.names).toEqual(["(intercept)", "gpa"]);
    expect(fit.warnings.map((x) => x.code)).toContain("constant-feature");
  });
});

const hasRscript = spawnSync("Rscript", ["--version"]).status === 0;
if (!hasRscript && process.env.CI)
  throw new Error("Rscript is missing: .ci/run installs Debian's r-base-core");

describe.skipIf(!hasRscript)("fitLogistic against R's glm(family = binomial)", () => {
  it("agrees with R's coefficients and standard errors to 1e-6", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logistic-"));
    try {
      const csv = join(dir, "train.csv");
      await w.run(`COPY train TO '${csv}' (HEADER)`);
      const script = join(dir, "fit.R");
      writeFileSync(
        script,
        `d <- read.csv("${csv}")
m <- glm(on_track ~ attendance + gpa + df_marks + test_score + suspended + moved, family = binomial, data = d,
         control = glm.control(epsilon = 1e-14, maxit = 100))
s <- summary(m)$coefficients
write.csv(data.frame(estimate = s[, 1], se = s[, 2]), "${join(dir, "out.csv")}", row.names = FALSE)
`,
      );
      execFileSync("Rscript", [script], { stdio: "pipe" });
      const r = readFileSync(join(dir, "out.csv"), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",").map(Number));
      const fit = await fitLogistic(w, { from: "train", outcome: "on_track", features: FEATURES });
      r.forEach(([estimate, se], j) => {
        expect(Math.abs(fit.coefficients[j]! - estimate!)).toBeLessThan(1e-6);
        expect(Math.abs(fit.standardErrors[j]! - se!)).toBeLessThan(1e-6);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
