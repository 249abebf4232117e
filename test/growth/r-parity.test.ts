import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { computeGrowth, type GrowthSummary } from "../../src/growth/compute-growth.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { simulateNetwork } from "./simulated-network.ts";

const hasRscript = spawnSync("Rscript", ["--version"]).status === 0;
if (!hasRscript) {
  if (process.env.CI) throw new Error("Rscript is missing: .ci/run installs Debian's r-base-core");
  console.warn("skipping the R parity test: Rscript is missing (.ci/run installs r-base-core)");
}

const base = loadFramework("frameworks/core-sqii.yaml");
const uncorrected: Framework = {
  ...base,
  growth: {
    ...base.growth,
    measurement_error: { ...base.growth.measurement_error, correct: false },
  },
};

describe.skipIf(!hasRscript)("growth stage 1 with the correction off", () => {
  let warehouse: Warehouse;
  let summary: GrowthSummary;
  let dir: string;

  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:", { threads: 2 });
    await simulateNetwork(warehouse, {
      seed: 11,
      schoolSizes: Array.from({ length: 30 }, (_, i) => 6 + ((i * 13) % 25)),
    });
    summary = await computeGrowth(warehouse, {
      runId: "parity",
      year: 2024,
      framework: uncorrected,
      keepWorkTables: true,
    });
    dir = mkdtempSync(join(tmpdir(), "growth-parity-"));
  });
  afterAll(() => {
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [subject, grade] of [
    ["ELA", 6],
    ["MATH", 4],
  ] as const) {
    it(`equals R's lm(y ~ priors + traits + factor(school)) for ${subject} grade ${grade} to 1e-8 relative`, async () => {
      const fitted = summary.fitted.find(
        (f) => f.model.subject === subject && f.model.grade === grade,
      )!;
      expect(fitted.fit.eiv.method).toBe("none");
      expect(fitted.terms.length).toBeGreaterThan(8);
      const csv = join(dir, `${subject}-${grade}.csv`);
      await warehouse.run(
        `COPY (SELECT school_code, y, ${fitted.terms.join(", ")} FROM growth_analysis
          WHERE subject = '${subject}' AND grade = ${grade}) TO '${csv}' (HEADER, FORMAT csv)`,
      );
      const script = join(dir, "fit.R");
      writeFileSync(
        script,
        `d <- read.csv("${csv}", colClasses = c(school_code = "character"))
m <- lm(y ~ ${fitted.terms.join(" + ")} + factor(school_code), data = d)
s <- summary(m)$coefficients
terms <- c(${fitted.terms.map((t) => `"${t}"`).join(", ")})
write.csv(data.frame(term = terms, estimate = sprintf("%.17g", s[terms, 1]), se = sprintf("%.17g", s[terms, 2])), "${join(dir, "out.csv")}", row.names = FALSE)
`,
      );
      execFileSync("Rscript", [script], { stdio: "pipe" });
      const lines = readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n").slice(1);
      const r = lines.map((line) => {
        const [term, estimate, se] = line.split(",").map((v) => v.replaceAll('"', ""));
        return { term: term!, estimate: Number(estimate), se: Number(se) };
      });
      expect(r.map((x) => x.term)).toEqual(fitted.terms);
      const worst = Math.max(
        ...r.map(
          (x, j) => Math.abs(fitted.fit.coefficients[j]! - x.estimate) / Math.abs(x.estimate),
        ),
      );
      console.info(
        `${subject} grade ${grade}: ${r.length} slopes, worst relative difference ${worst.toExponential(2)}`,
      );
      r.forEach((x, j) => {
        const ours = fitted.fit.coefficients[j]!;
        expect(Math.abs(ours - x.estimate) / Math.abs(x.estimate)).toBeLessThan(1e-8);
        expect(Math.abs(fitted.fit.standardErrors[j]! - x.se) / x.se).toBeLessThan(1e-8);
      });
    });
  }
});
