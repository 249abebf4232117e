import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDistrictOverlay } from "../../src/domain/framework/load-district-overlay.ts";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { computeRun } from "../../src/runs/compute-run.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const FRAMEWORK_FILE = "frameworks/core-sqii.yaml";
const bytes = readFileSync(FRAMEWORK_FILE);
const framework = parseFramework(bytes.toString("utf8"), FRAMEWORK_FILE);

/** The shared tables a run writes, each compared without its run id. */
const SHARED = [
  "metric_results",
  "periodic_results",
  "metric_levels",
  "index_group_levels",
  "index_components",
  "index_results",
  "identification",
  "school_context",
  "pairing_candidates",
  "pairings",
  "communities",
];

describe("local measures leave the shared results unchanged", () => {
  let dir: string;
  let warehouse: Warehouse;
  let district: string;
  let ids = 0;
  const run = (extra: Partial<Parameters<typeof computeRun>[1]>) =>
    computeRun(warehouse, {
      year: 2025,
      framework,
      frameworkBytes: bytes,
      codeVersion: "test",
      clock: () => new Date(Date.UTC(2025, 0, 1, 0, 0, ids)),
      newRunId: (y) => `run-${y}-${++ids}`,
      ...extra,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "overlay-"));
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
        "2024-2025",
        "--seed",
        "11",
      ],
      { stdio: "ignore" },
    );
    warehouse = await Warehouse.open(":memory:", { threads: 2 });
    await ingestSubmissions(warehouse, discoverSubmissions(join(dir, "net")));
    district = (await warehouse.one<{ d: string }>("SELECT min(district_code) AS d FROM schools"))
      .d;
  }, 120_000);
  afterAll(() => {
    warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("computes the shared index, levels and tiers identically with and without an overlay", async () => {
    const overlay = parseDistrictOverlay(
      readFileSync("frameworks/districts/1061337.yaml", "utf8").replace(
        'district: "1061337"',
        `district: "${district}"`,
      ),
      "overlay.yaml",
      framework,
    );
    const base = await run({ baseline: 2025 });
    const withOverlay = await run({ cuts: base.cutSet, overlays: [overlay] });
    const without = await run({ cuts: base.cutSet });
    for (const table of SHARED) {
      const read = (runId: string) =>
        warehouse.all<Record<string, unknown>>(
          `SELECT * EXCLUDE (run_id) FROM ${table} WHERE run_id = '${runId}' ORDER BY ALL`,
        );
      const a = await read(withOverlay.runId);
      const b = await read(without.runId);
      expect(JSON.stringify(a), table).toBe(JSON.stringify(b));
      if (["metric_results", "index_results", "identification"].includes(table))
        expect(a.length, table).toBeGreaterThan(0);
    }
    // The overlay's measures are there, for its district's schools only, with a local index.
    const local = await warehouse.all<{ metric: string; districts: number; other: number }>(
      `SELECT metric, count(DISTINCT district_code)::INTEGER AS districts,
         count(*) FILTER (WHERE school_code NOT IN (SELECT school_code FROM schools WHERE district_code = '${district}'))::INTEGER AS other
       FROM local_results WHERE run_id = '${withOverlay.runId}' GROUP BY metric ORDER BY metric`,
    );
    expect(local).toEqual([
      { metric: "local_early_literacy", districts: 1, other: 0 },
      { metric: "local_severe_absence", districts: 1, other: 0 },
    ]);
    const indexes = await warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM local_index_results WHERE run_id = '${withOverlay.runId}' AND school_level = 'district'`,
    );
    expect(indexes.n).toBe(1);
    expect(
      (
        await warehouse.one<{ n: number }>(
          `SELECT count(*)::INTEGER AS n FROM local_results WHERE run_id = '${without.runId}'`,
        )
      ).n,
    ).toBe(0);
    // Both runs have the shared district aggregates; only the overlay's has local ones.
    const districtRows = await warehouse.all<{ run_id: string; local: boolean; n: number }>(
      `SELECT run_id, local, count(*)::INTEGER AS n FROM district_results
       WHERE run_id IN ('${withOverlay.runId}', '${without.runId}') GROUP BY ALL ORDER BY ALL`,
    );
    expect(districtRows.map((r) => [r.run_id === withOverlay.runId, r.local])).toEqual([
      [true, false],
      [true, true],
      [false, false],
    ]);
    const peers = await warehouse.all(
      `SELECT district_code, peer_code, rank FROM district_peers WHERE run_id = '${withOverlay.runId}' ORDER BY ALL`,
    );
    expect(peers.length).toBe(2);
  }, 240_000);
});
