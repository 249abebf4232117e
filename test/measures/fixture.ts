import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { inputTable } from "../../src/domain/input-format.ts";
import { computeMeasures } from "../../src/measures/compute-measures.ts";
import type { MetricResult } from "../../src/measures/metric-results.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

/** Hand-built warehouse inputs for measure tests: one district, school year 2024 by default. */

export const DISTRICT = "0100001";
export const YEAR = 2024;
export type Rows = Record<string, unknown>[];

export function schoolCode(n: number): string {
  return `${DISTRICT}${String(n).padStart(7, "0")}`;
}
export function sid(n: number): string {
  return String(1_000_000_000 + n);
}

export const defaultFramework: Framework = loadFramework("frameworks/core-sqii.yaml");

export function school(n: number, levels: string, extra: Record<string, unknown> = {}) {
  return {
    school_code: schoolCode(n),
    school_name: `School ${n}`,
    district_code: DISTRICT,
    district_name: "Test Unified",
    low_grade: 0,
    high_grade: 12,
    school_levels: levels,
    title_i: true,
    charter: false,
    latitude: 36.7,
    longitude: -119.8,
    staff_count: 40,
    ...extra,
  };
}

export function student(n: number, extra: Record<string, unknown> = {}) {
  return {
    student_id: sid(n),
    gender: "F",
    race_ethnicity: "HI",
    sed: false,
    swd: false,
    el_status: "EO",
    foster: false,
    homeless: false,
    ...extra,
  };
}

export function enrollment(
  n: number,
  schoolN: number,
  grade: number,
  extra: Record<string, unknown> = {},
) {
  return {
    student_id: sid(n),
    school_code: schoolCode(schoolN),
    grade,
    entry_date: "2023-08-15",
    exit_date: null,
    days_enrolled: 180,
    days_absent: 0,
    census_day: true,
    ...extra,
  };
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** Inserts rows into an input table; missing columns are NULL. */
export async function insert(
  warehouse: Warehouse,
  table: string,
  rows: Rows,
  slice: { year?: number; district?: string } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const year = slice.year ?? YEAR;
  const district = slice.district ?? DISTRICT;
  const columns = inputTable(table).columns.filter((c) => c.name !== "district_code");
  for (const row of rows)
    for (const key of Object.keys(row))
      if (key !== "district_code" && !columns.some((c) => c.name === key))
        throw new Error(`fixture: unknown column "${key}" for ${table}`);
  const values = rows.map(
    (row) => `('${district}', ${year}, ${columns.map((c) => literal(row[c.name])).join(", ")})`,
  );
  await warehouse.run(
    `INSERT INTO ${table} (district_code, year, ${columns.map((c) => `"${c.name}"`).join(", ")}) VALUES ${values.join(", ")}`,
  );
}

export async function openWarehouse(): Promise<Warehouse> {
  return Warehouse.open(":memory:", { threads: 1 });
}

/** Runs every measure for `year` and returns the rows of `metric` keyed "school_code/level/group". */
export async function compute(
  warehouse: Warehouse,
  options: { framework?: Framework; year?: number; runId?: string } = {},
): Promise<MetricResult[]> {
  const runId = options.runId ?? "test-run";
  const year = options.year ?? YEAR;
  await computeMeasures(warehouse, {
    runId,
    year,
    framework: options.framework ?? defaultFramework,
  });
  return warehouse.all<MetricResult & Record<string, unknown>>(
    `SELECT * FROM metric_results WHERE run_id = '${runId}' AND year = ${year}
     ORDER BY metric, school_code, school_level, student_group`,
  );
}

/** The single result of a metric for one school, level and group; throws when absent. */
export function result(
  rows: MetricResult[],
  metric: string,
  schoolN: number,
  level: string,
  group = "ALL",
): MetricResult {
  const found = rows.filter(
    (r) =>
      r.metric === metric &&
      r.school_code === schoolCode(schoolN) &&
      r.school_level === level &&
      r.student_group === group,
  );
  if (found.length !== 1)
    throw new Error(
      `expected one ${metric} row for school ${schoolN} ${level} ${group}, got ${found.length}`,
    );
  return found[0]!;
}

/** Whether any row exists for the metric, school, level and group. */
export function has(
  rows: MetricResult[],
  metric: string,
  schoolN: number,
  level: string,
  group = "ALL",
): boolean {
  return rows.some(
    (r) =>
      r.metric === metric &&
      r.school_code === schoolCode(schoolN) &&
      r.school_level === level &&
      r.student_group === group,
  );
}
