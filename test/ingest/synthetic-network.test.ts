import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

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
});
