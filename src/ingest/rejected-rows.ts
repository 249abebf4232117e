import type { TableSpec } from "../domain/input-format.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { REJECTED_ENROLLMENTS } from "./rules/enrollment-rules.ts";
import { referenceTargets, rejectedKeysTable } from "./rules/references.ts";
import type { FileScan } from "./scan-file.ts";
import { sqlString } from "./sql-check.ts";
import { validationIssue } from "./validation-issue.ts";
import type { ValidationReport } from "./validation-report.ts";

/**
 * Reports the rows DuckDB's reader rejected (its rejects table `rejects`): bytes that are not
 * UTF-8 as the file's encoding (rule "encoding", with a summary from the byte scan), the rest as
 * rule "parse". Returns how many lines were rejected.
 */
export async function reportRejects(
  warehouse: Warehouse,
  spec: TableSpec,
  rejects: string,
  report: ValidationReport,
  scan: FileScan,
): Promise<number> {
  type Reject = {
    line: number;
    column_name: string | null;
    error_type: string;
    csv_line: string | null;
    error_message: string;
    total: number;
  };
  // bytes that are not UTF-8 are the file's encoding, reported as such (and first); the rest are
  // parse errors
  const select = (where: string) =>
    warehouse.all<Reject>(
      `SELECT CAST(line AS BIGINT) AS line, column_name, CAST(error_type AS VARCHAR) AS error_type,
          csv_line, error_message, count(*) OVER () AS total
        FROM ${rejects} WHERE ${where} ORDER BY line LIMIT ${report.examplesPerGroup}`,
    );
  const isEncoding = "CAST(error_type AS VARCHAR) = 'INVALID ENCODING'";
  const encoding = await select(isEncoding);
  const parse = await select(`NOT (${isEncoding})`);
  const finding = scan.encoding?.kind === "invalid-utf8" ? scan.encoding : null;
  if (finding || encoding.length > 0) {
    const lines = Math.max(encoding[0]?.total ?? 0, finding?.lines ?? 0);
    const first = finding?.line ?? encoding[0]!.line;
    report.addGroup("encoding", spec.file, "error", lines, [
      validationIssue({
        severity: "error",
        rule: "encoding",
        file: spec.file,
        problem: `the file is not UTF-8: ${lines} line(s) hold bytes that are not UTF-8, the first on line ${first} (probably Latin-1 or Windows-1252); save it as UTF-8 (CSV UTF-8) and submit again. Those lines were not read`,
      }),
      ...encoding.map((r) =>
        validationIssue({
          severity: "error",
          rule: "encoding",
          file: spec.file,
          line: r.line,
          column: r.column_name,
          value: (r.csv_line ?? "").slice(0, 200),
          problem: "bytes that are not UTF-8",
        }),
      ),
    ]);
  }
  if (parse.length > 0) {
    report.addGroup(
      "parse",
      spec.file,
      "error",
      parse[0]!.total,
      parse.map((r) =>
        validationIssue({
          severity: "error",
          rule: "parse",
          file: spec.file,
          line: r.line,
          column: r.column_name,
          value: (r.csv_line ?? "").slice(0, 200),
          problem: `${r.error_type.toLowerCase()}: ${r.error_message}`,
        }),
      ),
    );
  }
  const { rows } = await warehouse.one<{ rows: number }>(
    `SELECT count(DISTINCT line) AS rows FROM ${rejects}`,
  );
  return rows;
}

/**
 * A regular expression whose group 1 is field `index` (0-based) of a CSV line, quotes included
 * (fields may be double-quoted with "" for a quote).
 */
function csvFieldPattern(index: number): string {
  const field = '"(?:[^"]|"")*"|[^,"\\r\\n]*';
  return `^(?:(?:${field}),){${index}}(${field})`;
}

/**
 * Keeps the ids of the rejected rows of a file other files refer to (students, schools,
 * respondents, items) in its `rejected_keys_<table>`, and the student and school of rejected
 * enrollments, cut out of each rejected line: the references to them and the actions of those
 * enrollments are the rejection's knock-on, not errors of their own.
 */
export async function storeRejectedKeys(
  warehouse: Warehouse,
  spec: TableSpec,
  names: readonly string[],
  rejects: string,
): Promise<void> {
  const field = (column: string) =>
    `(SELECT CASE WHEN starts_with(v, '"') THEN replace(v[2:-2], '""', '"') ELSE v END
      FROM (SELECT regexp_extract(ltrim(csv_line, chr(13) || chr(10)), ${sqlString(csvFieldPattern(names.indexOf(column)))}, 1) AS v))`;
  if (spec.table === "enrollments") {
    if (!names.includes("student_id") || !names.includes("school_code")) return;
    await warehouse.run(
      `INSERT INTO ${REJECTED_ENROLLMENTS}
        SELECT DISTINCT ${field("student_id")}, ${field("school_code")} FROM ${rejects}`,
    );
    return;
  }
  const target = referenceTargets().find((t) => t.table === spec.table);
  if (!target || !names.includes(target.column)) return;
  await warehouse.run(
    `INSERT INTO ${rejectedKeysTable(spec.table)}
      SELECT DISTINCT key FROM (SELECT ${field(target.column)} AS key FROM ${rejects}) WHERE key <> ''`,
  );
}
