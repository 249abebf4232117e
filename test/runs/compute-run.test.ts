import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { CutSetNotFoundError, computeRun } from "../../src/runs/compute-run.ts";
import { explainSchool } from "../../src/runs/explain-school.ts";
import { exportRun } from "../../src/runs/export-run.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const FRAMEWORK_FILE = "frameworks/core-sqii.yaml";
const bytes = readFileSync(FRAMEWORK_FILE);
const framework = parseFramework(bytes.toString("utf8"), FRAMEWORK_FILE);

describe("computeRun on a synthetic network (synth + ingest, 3 years)", () => {
  let dir: string;
  let warehouse: Warehouse;
  let ids = 0;
  const run = (year: number, extra: { cuts?: string; baseline?: number } = {}) =>
    computeRun(warehouse, {
      year,
      framework,
      frameworkBytes: bytes,
      codeVersion: "test",
      clock: () => new Date(Date.UTC(2025, 0, 1, 0, 0, ids)),
      newRunId: (y) => `run-${y}-${++ids}`,
      ...extra,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "runs-"));
    execFileSync(
      process.execPath,
      [
        "bin/collab.mjs",
        "synth",
        "--out",
        join(dir, "net"),
        "--students",
        "4000",
        "--districts",
        "2",
        "--years",
        "2023-2025",
        "--seed",
        "11",
      ],
      { stdio: "ignore" },
    );
    warehouse = await Warehouse.open(":memory:", { threads: 2 });
    const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(join(dir, "net")));
    expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => "accepted"));
  }, 120_000);
  afterAll(() => {
    warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("freezes a cut set from the baseline year and records the run's manifest", async () => {
    const base = await run(2023, { baseline: 2023 });
    expect(base.cutSet).toBe("core-sqii-2023");
    expect(base.manifest.cut_set).toEqual({
      name: "core-sqii-2023",
      baseline_year: 2023,
      created_from_run: base.runId,
      created_by_this_run: true,
    });
    expect(base.manifest.framework.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(base.manifest.inputs.map((i) => i.year)).toEqual([2023, 2023]);
    expect(base.manifest.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
    expect(base.manifest.row_counts.index_results).toBeGreaterThanOrEqual(8);
    expect(Object.keys(base.manifest.timings_ms)).toEqual(
      expect.arrayContaining([
        "measures",
        "periodic",
        "levels",
        "index",
        "identification",
        "total",
      ]),
    );
    // The periodic measures are part of the run: monthly rows for every measure, keyed by it.
    expect(base.manifest.row_counts.periodic_results).toBeGreaterThan(0);
    const measures = await warehouse.all<{ measure: string }>(
      `SELECT DISTINCT measure FROM periodic_results WHERE run_id = '${base.runId}' ORDER BY measure`,
    );
    expect(measures.map((m) => m.measure)).toEqual([
      "chronic_absence_to_date",
      "df_rate_term",
      "monthly_absence_rate",
      "suspensions_per_month",
    ]);
    // Baseline-year levels of ALL span 1..10 for a percentile measure.
    const spread = await warehouse.one<{ lo: number; hi: number }>(
      `SELECT min(level) AS lo, max(level) AS hi FROM metric_levels
       WHERE run_id = '${base.runId}' AND metric = 'ela_performance' AND student_group = 'ALL'`,
    );
    expect(spread).toEqual({ lo: 1, hi: 10 });
  }, 120_000);

  it("gives every school an index equal to the sum of its measure points, exactly", async () => {
    const later = await run(2024);
    expect(later.cutSet).toBe("core-sqii-2023");
    expect(later.manifest.prior_run).toBe("run-2023-1");
    const parts = await warehouse.all<{
      key: string;
      metric: string;
      points: number;
      weight: number;
    }>(
      `SELECT school_code || '/' || school_level AS key, metric, points, weight FROM index_components
       WHERE run_id = '${later.runId}' ORDER BY key, metric`,
    );
    const scores = await warehouse.all<{ key: string; index_score: number }>(
      `SELECT school_code || '/' || school_level AS key, index_score FROM index_results WHERE run_id = '${later.runId}'`,
    );
    expect(scores.length).toBeGreaterThanOrEqual(8);
    const sums = new Map<string, number>();
    const weights = new Map<string, number>();
    for (const p of parts) {
      sums.set(p.key, (sums.get(p.key) ?? 0) + p.points);
      weights.set(p.key, (weights.get(p.key) ?? 0) + p.weight);
    }
    for (const s of scores) {
      expect(s.index_score).toBe(sums.get(s.key));
      expect(weights.get(s.key)).toBeCloseTo(100, 9);
      expect(s.index_score).toBeGreaterThanOrEqual(10);
      expect(s.index_score).toBeLessThanOrEqual(100);
    }
    const tiers = await warehouse.all<{ tier: string; n: number }>(
      `SELECT tier, count(*)::INTEGER AS n FROM identification WHERE run_id = '${later.runId}' GROUP BY tier ORDER BY tier`,
    );
    expect(tiers.reduce((a, t) => a + t.n, 0)).toBe(scores.length);
    expect(tiers.find((t) => t.tier === "priority")?.n).toBeGreaterThan(0);
  }, 120_000);

  it("exports byte-identical files when the same inputs are computed again (run_id aside)", async () => {
    const first = await run(2025);
    const second = await run(2025);
    expect(second.runId).not.toBe(first.runId);
    const a = await exportRun(warehouse, { run: first.runId, outDir: join(dir, "a"), framework });
    const b = await exportRun(warehouse, { run: "latest", outDir: join(dir, "b"), framework });
    expect(b.runId).toBe(second.runId);
    const names = [
      "metric_results",
      "index_results",
      "index_components",
      "identification",
      "cut_points",
    ];
    for (const name of names) {
      const left = readFileSync(join(dir, "a", `${name}.csv`), "utf8").replaceAll(
        first.runId,
        "RUN",
      );
      const right = readFileSync(join(dir, "b", `${name}.csv`), "utf8").replaceAll(
        second.runId,
        "RUN",
      );
      expect(left.length).toBeGreaterThan(100);
      expect(right === left, `${name}.csv differs`).toBe(true);
    }
    expect(a.files.map((f) => f.split("/").pop())).toContain("manifest.json");
    const header = readFileSync(join(dir, "a", "metric_results.csv"), "utf8").split("\n")[0];
    expect(header).toMatch(
      /^run_id,year,school_code,school_level,metric,student_group,n,numerator,value,level,suppressed,/,
    );
    expect(readFileSync(join(dir, "a", "index_results.csv"), "utf8").split("\n")[0]).toMatch(
      /^run_id,year,school_code,school_level,index_score,index_level,tier,reason/,
    );
    expect(readFileSync(join(dir, "a", "cut_points.csv"), "utf8").split("\n")[0]).toMatch(
      /^cut_set,metric,school_level,level,lower_bound,upper_bound/,
    );
    await exportRun(warehouse, {
      run: first.runId,
      outDir: join(dir, "p"),
      format: "parquet",
      framework,
    });
    const parquet = await warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM '${join(dir, "p", "index_results.parquet")}'`,
    );
    expect(parquet.n).toBe(first.manifest.row_counts.index_results);
  }, 180_000);

  it("explains a school's index in words, measure by measure", async () => {
    const school = await warehouse.one<{ school_code: string; index_score: number }>(
      "SELECT school_code, index_score FROM index_results WHERE run_id = 'run-2024-2' ORDER BY school_code LIMIT 1",
    );
    const text = await explainSchool(warehouse, {
      run: "run-2024-2",
      school: school.school_code,
      framework,
    });
    expect(text).toContain(`index score ${Number(school.index_score.toFixed(2))} of 100`);
    expect(text).toMatch(/ELA performance \(academic\): [\d.]+ × [\d.]+ \/ 10 = [\d.]+ points\./);
    expect(text).toMatch(/all students: [\d.-]+ \(n = \d+\) → level \d+/);
    expect(text).toMatch(/Tier: (priority|focus|partner_eligible|none)\. /);
  }, 60_000);

  it("rejects an unknown cut set by name", async () => {
    await expect(run(2024, { cuts: "nope" })).rejects.toThrow(CutSetNotFoundError);
    await expect(run(2024, { cuts: "nope" })).rejects.toThrow('"nope"');
  });
});
