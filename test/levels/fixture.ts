import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { assignMetricLevels } from "../../src/levels/assign-levels.ts";
import { computeIndexComponents, writeIndexResults } from "../../src/levels/compute-index.ts";
import { freezeIndexCutPoints, freezeMetricCutPoints } from "../../src/levels/freeze-cut-set.ts";
import { ensureResultTables } from "../../src/runs/result-tables.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

/** Hand-built `metric_results` rows for levels, index and identification tests. */

export const framework: Framework = loadFramework("frameworks/core-sqii.yaml");

export interface ResultRow {
  school: string;
  level?: string;
  metric: string;
  group?: string;
  n?: number;
  value: number | null;
  suppressed?: boolean;
  meetsFloor?: boolean | null;
}

export async function openResults(): Promise<Warehouse> {
  const warehouse = await Warehouse.open(":memory:", { threads: 1 });
  await ensureResultTables(warehouse);
  return warehouse;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** Inserts metric results for a run; n defaults to 30 and suppressed to n < 20. */
export async function insertResults(
  warehouse: Warehouse,
  runId: string,
  year: number,
  rows: readonly ResultRow[],
): Promise<void> {
  const values = rows.map((r) => {
    const n = r.n ?? 30;
    return `(${[
      runId,
      year,
      r.school,
      r.level ?? "elementary",
      r.metric,
      r.group ?? "ALL",
      n,
      null,
      r.value,
      r.suppressed ?? n < 20,
      null,
      r.meetsFloor ?? null,
    ]
      .map(literal)
      .join(", ")})`;
  });
  await warehouse.run(`INSERT INTO metric_results VALUES ${values.join(",\n")}`);
}

/** School codes 01000010000000 + i. */
export function code(i: number): string {
  return `0100001${String(i).padStart(7, "0")}`;
}

/**
 * A baseline of 11 elementary schools whose ALL value of each metric is 0, 10, …, 100: every
 * metric's cut points are then exactly 10, 20, …, 90 (type-7 percentiles of 11 evenly spaced
 * values).
 */
export function evenBaseline(metrics: readonly string[]): ResultRow[] {
  const rows: ResultRow[] = [];
  for (let i = 0; i <= 10; i++)
    for (const metric of metrics) rows.push({ school: code(900 + i), metric, value: 10 * i });
  return rows;
}

/** Freezes set `name` from run `runId` (metric and index cut points), as a baseline run does. */
export async function freezeFromRun(
  warehouse: Warehouse,
  name: string,
  runId: string,
  year: number,
): Promise<void> {
  await freezeMetricCutPoints(warehouse, {
    name,
    framework,
    frameworkHash: "test-hash",
    runId,
    year,
    createdAt: new Date("2024-01-01T00:00:00Z"),
  });
  await assignMetricLevels(warehouse, { runId, year, cutSet: name });
  await computeIndexComponents(warehouse, { runId, year, framework });
  await freezeIndexCutPoints(warehouse, { name, framework, runId, year });
  await writeIndexResults(warehouse, { runId, year, cutSet: name });
}

/** Levels and index of a run with an existing cut set. */
export async function levelAndIndex(
  warehouse: Warehouse,
  runId: string,
  year: number,
  cutSet: string,
  withFramework: Framework = framework,
): Promise<{ school_code: string; school_level: string; missing: string[] }[]> {
  await assignMetricLevels(warehouse, { runId, year, cutSet });
  const noIndex = await computeIndexComponents(warehouse, {
    runId,
    year,
    framework: withFramework,
  });
  await writeIndexResults(warehouse, { runId, year, cutSet });
  return noIndex;
}
