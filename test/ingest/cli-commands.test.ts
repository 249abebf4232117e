import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, FIXTURE_NETWORK, replaceLine } from "./submission-fixture.ts";

const COLLAB = fileURLToPath(new URL("../../bin/collab.mjs", import.meta.url));
const copy = copyFixture();
afterAll(() => rmSync(copy.network, { recursive: true, force: true }));

function collab(...args: string[]) {
  const run = spawnSync(process.execPath, [COLLAB, ...args], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("collab validate DIR", () => {
  it("exits 0 on a clean submission", () => {
    const run = collab("validate", FIXTURE_NETWORK);
    expect(run.stdout).toContain("0100001/2024: validated");
    expect(run.code).toBe(0);
  });

  it("prints the grouped report and exits 2 on errors, with the JSON report on request", () => {
    replaceLine(
      join(copy.submission, "enrollments.csv"),
      2,
      "1000000001,01000010000011,3,2023-08-16,,180,190,Y",
    );
    replaceLine(
      join(copy.submission, "test_results.csv"),
      7,
      "1000000004,01000010000029,MATH,11,2500,1,31,x",
    );
    const json = join(copy.network, "report.json");
    const run = collab("validate", copy.submission, "--json", json);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("0100001/2024: rejected");
    expect(run.stdout).toContain("error days-absent in enrollments.csv: 1");
    expect(run.stdout).toContain(
      'enrollments.csv line 2, column days_absent: value "190" is more than days_enrolled "180"',
    );
    expect(run.stdout).toMatch(/test_results\.csv line 7: too many columns/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /); // no stack trace
    const report = JSON.parse(readFileSync(json, "utf8")) as {
      status: string;
      report: { errors: number; groups: { rule: string; count: number }[] };
    }[];
    expect(report[0]!.status).toBe("rejected");
    expect(report[0]!.report.errors).toBe(2);
    // a line that cannot be parsed is a root cause: its group comes first
    expect(report[0]!.report.groups.map((g) => [g.rule, g.count])).toEqual([
      ["parse", 1],
      ["days-absent", 1],
    ]);
  });
});

describe("collab ingest DIR --db FILE", () => {
  it("loads, prints counts and hash, and reports an identical re-run as unchanged", () => {
    const db = join(copy.network, "wh", "warehouse.duckdb");
    const first = collab("ingest", FIXTURE_NETWORK, "--db", db);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/0100001\/2024: accepted {2}sha256 [0-9a-f]{64}/);
    expect(first.stdout).toContain("rows: schools 2, students 6, enrollments 7");
    const second = collab("ingest", FIXTURE_NETWORK, "--db", db);
    expect(second.stdout).toContain("0100001/2024: unchanged");
    const bad = collab("ingest", copy.submission, "--db", db);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("0 of 1 submission(s) accepted");
  });
});
