import type { TableSpec } from "../domain/input-format.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { columnCheckSql, columnChecks } from "./rules/column-rules.ts";
import { type SqlCheck, stagingTable } from "./sql-check.ts";
import { validationIssue } from "./validation-issue.ts";
import type { ValidationReport } from "./validation-report.ts";

type OffendingRow = {
  line: number;
  value: string | null;
  message: string;
  total: number;
};

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
 * Runs the per-column checks of one file in a single scan that counts each check's offending
 * rows; only the checks that found something are run again to list examples.
 */
export async function runColumnChecks(
  warehouse: Warehouse,
  spec: TableSpec,
  report: ValidationReport,
): Promise<void> {
  const checks = columnChecks(spec);
  const counts = await warehouse.one<Record<string, number>>(
    `SELECT ${checks.map((c, i) => `count(*) FILTER (WHERE ${c.condition}) AS c${i}`).join(", ")}
      FROM ${stagingTable(spec.table)}`,
  );
  for (const [i, check] of checks.entries()) {
    if ((counts[`c${i}`] ?? 0) > 0) await runCheck(warehouse, columnCheckSql(spec, check), report);
  }
}
