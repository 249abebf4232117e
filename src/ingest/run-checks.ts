import type { Warehouse } from "../warehouse/warehouse.ts";
import { type ScanJoin, type SqlCheck, stagingTable } from "./sql-check.ts";
import { validationIssue } from "./validation-issue.ts";
import type { ValidationReport } from "./validation-report.ts";

type OffendingRow = {
  line: number;
  value: string | null;
  message: string;
  total: number;
};

/** Raised when two checks of one table pass give the same join alias different joins. */
export class CheckScanConflictError extends Error {
  constructor(
    readonly table: string,
    readonly alias: string,
  ) {
    super(`checks of ${table} use the join alias "${alias}" for different joins`);
    this.name = "CheckScanConflictError";
  }
}

/** Runs one check: counts every offending row, keeps the first ones (by line) as examples. */
export async function runCheck(
  warehouse: Warehouse,
  check: SqlCheck,
  report: ValidationReport,
): Promise<void> {
  const rows = await warehouse.all<OffendingRow>(
    `SELECT CAST(line AS BIGINT) AS line, CAST(value AS VARCHAR) AS value, message, count(*) OVER () AS total
      FROM (${check.sql}) ORDER BY line LIMIT ${report.examplesPerGroup}`,
  );
  if (rows.length === 0) return;
  report.addGroup(
    check.rule,
    check.file,
    check.severity,
    rows[0]!.total,
    rows.map((r) =>
      validationIssue({
        severity: check.severity,
        rule: check.rule,
        file: check.file,
        line: r.line,
        column: check.column,
        value: r.value ?? "",
        problem: r.message,
      }),
    ),
  );
}

/**
 * The one query that tests every scanned check of `table`: a count per check over the staging
 * table LEFT JOINed with the joins the checks need (`c<i>` for `checks[i]`).
 */
export function tablePassSql(
  table: string,
  checks: readonly SqlCheck[],
  shared: ReadonlyMap<string, string> = new Map(),
): string {
  const joins = new Map<string, ScanJoin>();
  for (const check of checks) {
    for (const [alias, join] of Object.entries(check.scan?.joins ?? {})) {
      const known = joins.get(alias);
      if (known !== undefined && (known.source !== join.source || known.on !== join.on)) {
        throw new CheckScanConflictError(table, alias);
      }
      joins.set(alias, join);
    }
  }
  const counts = checks.map(
    (check, i) => `count(*) FILTER (WHERE ${check.scan?.condition ?? "true"}) AS c${i}`,
  );
  return `SELECT ${counts.join(",\n  ")}
    FROM ${stagingTable(table)}
    ${[...joins].map(([alias, join]) => `LEFT JOIN ${shared.get(join.source) ?? `(${join.source})`} AS ${alias} ON ${join.on}`).join("\n    ")}`;
}

/**
 * Runs checks in few scans. The checks that have a scan are tested table by table, ONE aggregate
 * query per staging table counting each check's condition; only the checks whose condition held
 * on some row run their own SQL (which counts and lists the offending rows). Checks without a
 * scan always run. Issues are added in the order of `checks`. `onPass` is called after each
 * table's pass.
 */
export async function runChecks(
  warehouse: Warehouse,
  checks: readonly SqlCheck[],
  report: ValidationReport,
  onPass?: (table: string) => void,
): Promise<void> {
  const passes = new Map<string, { table: string; checks: SqlCheck[] }>();
  for (const check of checks) {
    if (!check.scan) continue;
    const name = check.scan.pass ?? check.scan.table;
    const pass = passes.get(name) ?? { table: check.scan.table, checks: [] };
    pass.checks.push(check);
    passes.set(name, pass);
  }
  const shared = await shareJoinSources(
    warehouse,
    [...passes.values()].flatMap((p) => p.checks),
  );
  const fired = new Set<SqlCheck>();
  try {
    for (const { table, checks: list } of passes.values()) {
      const counts = await warehouse.one<Record<string, number>>(tablePassSql(table, list, shared));
      for (const [i, check] of list.entries()) if ((counts[`c${i}`] ?? 0) > 0) fired.add(check);
      onPass?.(table);
    }
  } finally {
    for (const name of shared.values()) await warehouse.run(`DROP TABLE IF EXISTS ${name}`);
  }
  for (const check of checks) {
    if (!check.scan || fired.has(check)) await runCheck(warehouse, check, report);
  }
}

/**
 * Materializes once each join source that several passes use (the distinct student ids of
 * students.csv are joined by five files), as temporary tables `scan_source_<n>`; returns them by
 * source text.
 */
async function shareJoinSources(
  warehouse: Warehouse,
  checks: readonly SqlCheck[],
): Promise<Map<string, string>> {
  const uses = new Map<string, Set<string>>();
  for (const check of checks) {
    const pass = check.scan?.pass ?? check.scan?.table ?? "";
    for (const join of Object.values(check.scan?.joins ?? {})) {
      const passes = uses.get(join.source) ?? new Set<string>();
      passes.add(pass);
      uses.set(join.source, passes);
    }
  }
  const shared = new Map<string, string>();
  for (const [source, passes] of uses) {
    if (passes.size < 2) continue;
    const name = `scan_source_${shared.size}`;
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${source}`);
    shared.set(source, name);
  }
  return shared;
}
