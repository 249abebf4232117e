import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { computeRun } from "../../src/runs/compute-run.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const FRAMEWORK_FILE = "frameworks/core-sqii.yaml";
const bytes = readFileSync(FRAMEWORK_FILE);
const framework = parseFramework(bytes.toString("utf8"), FRAMEWORK_FILE);

/**
 * With the first year as baseline, EL reclassification has no prior year and so no cut points:
 * that must be loud, and the framework says what happens (`cut_points.when_missing`).
 */
describe("computeRun with a measure that has no cut points in the baseline year", () => {
  let dir: string;
  let warehouse: Warehouse;
  let ids = 0;
  const run = (year: number, extra: { cuts?: string; baseline?: number }, fw = framework) =>
    computeRun(warehouse, {
      year,
      framework: fw,
      frameworkBytes: bytes,
      codeVersion: "test",
      clock: () => new Date(Date.UTC(2025, 0, 1, 0, 0, ids)),
      newRunId: (y) => `run-${y}-${++ids}`,
      ...extra,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cut-gaps-"));
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
    await ingestSubmissions(warehouse, discoverSubmissions(join(dir, "net")));
  }, 120_000);
  afterAll(() => {
    warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const elLevels = (runId: string) =>
    warehouse.one<{ levels: number; components: number }>(
      `SELECT (SELECT count(*) FROM metric_levels WHERE run_id = '${runId}' AND metric = 'el_redesignation')::INTEGER AS levels,
        (SELECT count(*) FROM index_components WHERE run_id = '${runId}' AND metric = 'el_redesignation')::INTEGER AS components`,
    );

  it("warns in the baseline run's manifest and hands its warnings to the caller", async () => {
    const summary = await run(2024, { baseline: 2023 });
    expect(summary.baselineRunId).not.toBeNull();
    const missing = summary.baselineWarnings.find((w) =>
      w.startsWith("CUT POINTS MISSING: el_redesignation (elementary, high, middle)"),
    );
    expect(missing).toContain('no cut points in set "core-sqii-2023"');
    expect(missing).toContain("not in the index");
    const base = await warehouse.one<{ manifest: string }>(
      `SELECT manifest::VARCHAR AS manifest FROM runs WHERE run_id = '${summary.baselineRunId}'`,
    );
    const manifest = JSON.parse(base.manifest) as {
      warnings: string[];
      cut_point_gaps: { metric: string; kind: string }[];
    };
    expect(manifest.warnings).toContain(missing);
    expect(
      manifest.cut_point_gaps.filter((g) => g.metric === "el_redesignation").map((g) => g.kind),
    ).toEqual(["missing", "missing", "missing"]);
    // Thin sets (a 4,000-student network has far fewer than 20 schools per level) are loud too.
    expect(
      summary.baselineWarnings.some((w) => w.startsWith("CUT POINTS THIN: ela_performance")),
    ).toBe(true);
    expect(await elLevels(summary.baselineRunId!)).toEqual({ levels: 0, components: 0 });

    // The 2024 run froze EL reclassification's cut points from its own values, with provenance.
    expect(summary.manifest.warnings).toContainEqual(
      expect.stringMatching(
        /^CUT POINTS FROM A LATER YEAR: el_redesignation \(elementary: 2024, high: 2024, middle: 2024\) had no eligible school in baseline year 2023; .* by run run-2024-\d+/,
      ),
    );
    const sources = await warehouse.all<{ values_year: number; frozen_by_run: string }>(
      `SELECT values_year, frozen_by_run FROM cut_point_sources WHERE cut_set = 'core-sqii-2023' AND metric = 'el_redesignation'`,
    );
    expect(sources).toHaveLength(3);
    expect(sources.every((s) => s.values_year === 2024 && s.frozen_by_run === summary.runId)).toBe(
      true,
    );
    const { levels, components } = await elLevels(summary.runId);
    expect(levels).toBeGreaterThan(0);
    expect(components).toBeGreaterThan(0);
  });

  it("freezes the missing cut points from the first year after the baseline, even when a later year is computed first", async () => {
    const first = await run(2025, { baseline: 2023 });
    expect(first.cutSet).toBe("core-sqii-2023-2");
    const sources = await warehouse.all<{ values_year: number }>(
      `SELECT DISTINCT values_year FROM cut_point_sources WHERE cut_set = 'core-sqii-2023-2'`,
    );
    expect(sources).toEqual([{ values_year: 2024 }]);
    const scratch = await warehouse.one<{ rows: number }>(
      "SELECT count(*)::INTEGER AS rows FROM metric_results WHERE run_id LIKE '%~cut-values-%'",
    );
    expect(scratch.rows).toBe(0);
    // The same cut points as the set whose 2024 run froze them.
    const differ = await warehouse.one<{ rows: number }>(
      `SELECT count(*)::INTEGER AS rows FROM (
        SELECT metric, school_level, level, lower_bound, upper_bound FROM cut_points WHERE cut_set = 'core-sqii-2023'
        EXCEPT SELECT metric, school_level, level, lower_bound, upper_bound FROM cut_points WHERE cut_set = 'core-sqii-2023-2')`,
    );
    expect(differ.rows).toBe(0);
    const again = await run(2025, { cuts: "core-sqii-2023-2" });
    expect(
      again.manifest.warnings.filter((w) => w.startsWith("CUT POINTS FROM A LATER YEAR")),
    ).toHaveLength(1);
  });

  it("with when_missing: no_level leaves the measure without levels in every run, and says so", async () => {
    const noLevel = parseFramework(
      bytes
        .toString("utf8")
        .replace(/when_missing: first_year_with_values[^\n]*/, "when_missing: no_level"),
      "no-level.yaml",
    );
    expect(noLevel.cut_points.when_missing).toBe("no_level");
    const summary = await run(2024, { baseline: 2023 }, noLevel);
    expect(summary.manifest.warnings).toContainEqual(
      expect.stringMatching(/^CUT POINTS MISSING: el_redesignation .*when_missing: no_level\)$/),
    );
    expect(await elLevels(summary.runId)).toEqual({ levels: 0, components: 0 });
  });
});

describe("collab compute --baseline", () => {
  it("prints the baseline run's warnings", () => {
    const dir = mkdtempSync(join(tmpdir(), "cut-gaps-cli-"));
    try {
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, ["bin/collab.mjs", ...args], { encoding: "utf8" });
      const net = join(dir, "net");
      const db = join(dir, "w.duckdb");
      const synth = cli("synth", "--out", net, "--students", "3000", "--districts", "1");
      expect(synth.status, synth.stderr).toBe(0);
      expect(cli("ingest", net, "--db", db).status).toBe(0);
      const out = cli("compute", "--year", "2023", "--baseline", "2022", "--db", db);
      expect(out.status, out.stderr).toBe(0);
      expect(out.stderr).toMatch(/^baseline run r2022-\S+: \d+ warning\(s\)$/m);
      expect(out.stderr).toMatch(
        /^warning \(baseline run r2022-\S+\): CUT POINTS MISSING: el_redesignation /m,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
