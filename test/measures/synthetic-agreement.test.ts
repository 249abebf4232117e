import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { computeMeasures, MEASURES } from "../../src/measures/compute-measures.ts";
import type { MetricResult } from "../../src/measures/metric-results.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  type CsvRow,
  type ReferenceResult,
  referenceMeasures,
  resultKey,
  type YearTables,
} from "./reference-measures.ts";

/** Minimal RFC 4180 reader: header row, quoted fields with "" escapes. */
function readCsv(text: string): CsvRow[] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

/** Every district's CSVs for one year, each row tagged with its district_code. */
function readYear(network: string, year: number): YearTables {
  const tables: YearTables = {};
  for (const district of readdirSync(join(network, "districts")).sort()) {
    const dir = join(network, "districts", district, String(year));
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const file of files.filter((f) => f.endsWith(".csv"))) {
      const table = file.replace(/\.csv$/, "");
      const rows = readCsv(readFileSync(join(dir, file), "utf8")).map((r) => ({
        ...r,
        district_code: district,
      }));
      tables[table] = [...(tables[table] ?? []), ...rows];
    }
  }
  return tables;
}

async function agreement(
  warehouse: Warehouse,
  framework: Framework,
  network: string,
  runId: string,
) {
  await computeMeasures(warehouse, { runId, year: 2024, framework });
  const sqlRows = await warehouse.all<MetricResult & Record<string, unknown>>(
    `SELECT * FROM metric_results WHERE run_id = '${runId}' AND year = 2024`,
  );
  const reference = referenceMeasures(
    framework,
    2024,
    readYear(network, 2024),
    readYear(network, 2023),
  );
  return { sqlRows, reference };
}

describe("measures on a synthetic network agree with a plain TypeScript computation over the CSVs", () => {
  let network: string;
  let warehouse: Warehouse;
  beforeAll(async () => {
    network = mkdtempSync(join(tmpdir(), "measures-agreement-"));
    execFileSync(
      process.execPath,
      [
        "bin/collab.mjs",
        "synth",
        "--out",
        network,
        "--students",
        "1500",
        "--districts",
        "2",
        "--years",
        "2023-2024",
        "--seed",
        "7",
      ],
      { stdio: "ignore" },
    );
    warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(network));
    expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => "accepted"));
  });
  afterAll(() => {
    warehouse?.close();
    rmSync(network, { recursive: true, force: true });
  });

  for (const [name, path] of [
    ["core-sqii", "frameworks/core-sqii.yaml"],
    ["the Dashboard-like test framework", "test/measures/fixtures/dashboard-like.yaml"],
  ] as const) {
    it(`agrees row for row under ${name}`, async () => {
      const framework = loadFramework(path);
      const { sqlRows, reference } = await agreement(warehouse, framework, network, name);
      const byKey = new Map(
        sqlRows.map((r) => [
          resultKey(r.metric, r.school_code, r.school_level, r.student_group),
          r,
        ]),
      );
      expect([...byKey.keys()].sort()).toEqual([...reference.keys()].sort());
      const metrics = new Set(sqlRows.map((r) => r.metric));
      const minN = new Map(
        MEASURES.flatMap((m) =>
          m.metrics(framework).map((metric) => [metric, framework.measures[m.id]?.min_n ?? 0]),
        ),
      );
      for (const [key, expected] of reference) {
        const actual = byKey.get(key)!;
        const ctx = `${key}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected satisfies ReferenceResult)}`;
        expect(actual.n, ctx).toBe(expected.n);
        expect(actual.numerator, ctx).toBe(expected.numerator);
        expect(actual.value, ctx).toBeCloseTo(expected.value!, 9);
        if (expected.participation === null) expect(actual.participation, ctx).toBeNull();
        else expect(actual.participation, ctx).toBeCloseTo(expected.participation, 9);
        expect(actual.suppressed, ctx).toBe(actual.n < minN.get(actual.metric)!);
      }
      // The synthetic network exercises every metric the framework computes.
      expect([...metrics].sort()).toEqual(
        MEASURES.filter((m) => framework.measures[m.id])
          .flatMap((m) => m.metrics(framework))
          .sort(),
      );
      expect(sqlRows.some((r) => r.suppressed)).toBe(true);
      expect(sqlRows.some((r) => !r.suppressed && r.student_group !== "ALL")).toBe(true);
    });
  }
});
