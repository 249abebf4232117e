import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const dir = mkdtempSync(join(tmpdir(), "collab-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(): { code: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [
      "bin/collab.mjs",
      "start",
      "--dir",
      dir,
      "--students",
      "6000",
      "--districts",
      "2",
      "--years",
      "2023-2025",
      "--no-serve",
      "--no-build-web",
    ],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } },
  );
  return { code: result.status, stderr: result.stderr };
}

describe("collab start --no-serve", () => {
  it("generates, ingests, computes and publishes a run for every year after the first, then reuses them", async () => {
    const first = start();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("computing the run for 2024");
    expect(first.stderr).toContain("computing the run for 2025");
    expect(first.stderr).toMatch(/published run r2025-\S+ \(2025\)/);

    const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    try {
      const runs = await warehouse.all<{ year: number; n: number }>(
        "SELECT year, count(*)::INTEGER AS n FROM runs WHERE status = 'complete' GROUP BY year ORDER BY year",
      );
      expect(runs).toEqual([
        { year: 2024, n: 1 },
        { year: 2025, n: 1 },
      ]);
      const { schools } = await warehouse.one<{ schools: number }>(
        "SELECT count(*)::INTEGER AS schools FROM index_results r JOIN runs USING (run_id) WHERE runs.year = 2025",
      );
      expect(schools).toBeGreaterThan(5);
    } finally {
      warehouse.close();
    }

    const secrets = join(dir, "demo-accounts.txt");
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const accounts = readFileSync(secrets, "utf8").trim().split("\n").slice(2);
    // The three role accounts, then the workspace demo's facilitator (and a superintendent
    // when the network has a pair to give one).
    expect(accounts.filter((a) => !/^(facilitator|superintendent)@/.test(a))).toHaveLength(3);
    expect(accounts.some((a) => a.startsWith("facilitator@example.org\t"))).toBe(true);

    const second = start();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("synthetic network: reusing");
    expect(second.stderr).toContain("run for 2025: reusing");
    expect(second.stderr).toContain("0 loaded");
    expect(second.stderr).not.toContain("published run");
  }, 300_000);
});
