import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { warehouseChecksums } from "./warehouse-checksums.ts";

const out = mkdtempSync(join(tmpdir(), "collab-synth-ingest-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("a generated network (collab synth) through ingest", () => {
  it("passes validation without errors and loads every submission with the generator's row counts", async () => {
    const summary = await generateNetwork(
      { students: 1500, districts: 2, years: [2023, 2024, 2025], seed: 7 },
      { outDir: out },
    );
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(out));
    const errors = outcomes.flatMap((o) => o.report.issues.filter((i) => i.severity === "error"));
    expect(errors.map((i) => i.message)).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(Array(summary.submissions).fill("accepted"));
    expect(Object.keys(summary.rowCounts).length).toBeGreaterThanOrEqual(9);
    for (const [file, rows] of Object.entries(summary.rowCounts)) {
      const table = file.replace(/\.csv$/, "");
      expect(await warehouse.one(`SELECT count(*) AS n FROM ${table}`), table).toEqual({ n: rows });
    }
    warehouse.close();
  });

  it("loads same-year submissions at the same time into what loading them one by one gives", async () => {
    const network = join(out, "concurrent");
    await generateNetwork(
      { students: 30000, districts: 3, years: [2024, 2025], seed: 11 },
      { outDir: network },
    );
    const submissions = discoverSubmissions(network);
    const now = () => new Date("2026-01-15T12:00:00Z");
    // two connections, one DuckDB thread each: the loads of a year run at the same time
    const together = await Warehouse.open(join(out, "together.duckdb"), { threads: 2 });
    const outcomes = await ingestSubmissions(together, submissions, { now });
    expect(outcomes.map((o) => o.status)).toEqual(submissions.map(() => "accepted"));
    const oneByOne = await Warehouse.open(join(out, "one-by-one.duckdb"), { threads: 2 });
    for (const submission of submissions) {
      const [outcome] = await ingestSubmissions(oneByOne, [submission], { now });
      expect(outcome!.status).toBe("accepted");
    }
    const sums = await warehouseChecksums(together);
    expect(Number(sums.survey_responses!.split(":")[0])).toBeGreaterThan(122_880);
    expect(sums).toEqual(await warehouseChecksums(oneByOne));
    expect(await together.one("SELECT current_setting('threads') AS threads")).toEqual({
      threads: 2,
    });
    together.close();
    oneByOne.close();
    // two years of 30,000 students with their monthly attendance (about ten rows per stint),
    // loaded twice: over the default minute on a loaded machine
  }, 240_000);

  it("refuses two submissions of one district and year before reading either", async () => {
    const [first] = discoverSubmissions(join(out, "concurrent"));
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    await expect(ingestSubmissions(warehouse, [first!, { ...first! }])).rejects.toThrow(
      `two submissions for ${first!.districtCode}/${first!.year}`,
    );
    expect(await warehouse.one("SELECT count(*) AS n FROM submissions")).toEqual({ n: 0 });
    warehouse.close();
  });
});
