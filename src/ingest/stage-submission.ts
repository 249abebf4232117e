import { join } from "node:path";
import type { TableSpec } from "../domain/input-format.ts";
import { warehouseType } from "../warehouse/schema.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { parseHeader } from "./parse-header.ts";
import { reportRejects, storeRejectedKeys } from "./rejected-rows.ts";
import { type FileScan, MAX_LINE_BYTES } from "./scan-file.ts";
import {
  hasParsedValue,
  ident,
  parsed,
  parsedValue,
  sqlString,
  stagingTable,
} from "./sql-check.ts";
import type { Submission } from "./submission.ts";
import { validationIssue } from "./validation-issue.ts";
import type { ValidationReport } from "./validation-report.ts";

/** How a file made it into its staging table. */
export type StagedStatus = "read" | "absent" | "unreadable";

export interface StagedTable {
  readonly spec: TableSpec;
  readonly status: StagedStatus;
  readonly rows: number;
}

/**
 * Reads one input file into the temporary table `stg_<table>`: every spec column as text, the
 * parsed value of each integer, decimal and date column (`"#name"`, see `parsed`), and `line`,
 * the file line where the row starts. Header problems (rule "header"), rows DuckDB cannot
 * parse (rule "parse": wrong field count, invalid UTF-8, unterminated quote) and empty lines
 * (rule "blank-line", a warning) go to `report`. A missing, empty or headless file gets an empty
 * staging table and status "unreadable" (or "absent" for an optional file left out).
 */
export async function stageFile(
  warehouse: Warehouse,
  submission: Submission,
  spec: TableSpec,
  scan: FileScan | undefined,
  report: ValidationReport,
): Promise<StagedTable> {
  const stg = stagingTable(spec.table);
  const createEmpty = () =>
    warehouse.run(
      `CREATE OR REPLACE TEMP TABLE ${stg} (line BIGINT, ${[
        ...spec.columns.map((c) => `${ident(c.name)} VARCHAR`),
        ...spec.columns.filter(hasParsedValue).map((c) => `${parsed(c.name)} ${warehouseType(c)}`),
      ].join(", ")})`,
    );
  const unreadable = async (): Promise<StagedTable> => {
    await createEmpty();
    return { spec, status: "unreadable", rows: 0 };
  };
  const headerIssue = (column: string | null, value: string | null, problem: string) =>
    report.add(
      validationIssue({
        severity: "error",
        rule: "header",
        file: spec.file,
        line: 1,
        column,
        value,
        problem,
      }),
    );

  if (!scan) {
    if (spec.optional) {
      await createEmpty();
      return { spec, status: "absent", rows: 0 };
    }
    report.add(
      validationIssue({
        severity: "error",
        rule: "missing-file",
        file: spec.file,
        problem: "required file is missing",
      }),
    );
    return unreadable();
  }
  const invalidHeader = scan.encoding?.kind === "invalid-utf8" && scan.encoding.line === 1;
  if (scan.encoding && (scan.encoding.kind !== "invalid-utf8" || invalidHeader)) {
    const finding = scan.encoding;
    report.add(
      validationIssue({
        severity: "error",
        rule: "encoding",
        file: spec.file,
        line: finding.kind === "wide" ? null : finding.line,
        problem:
          finding.kind === "wide"
            ? `the file is ${finding.encoding} (${finding.evidence}), not UTF-8; save it as UTF-8 (CSV UTF-8) and submit again. It was not read`
            : finding.kind === "nul"
              ? `the file holds ${finding.count} NUL byte(s), the first on this line: it is not UTF-8 text (a binary or damaged file). It was not read`
              : `the header holds bytes that are not UTF-8 (${finding.lines} line(s) do; probably Latin-1 or Windows-1252); save the file as UTF-8 (CSV UTF-8) and submit again. It was not read`,
      }),
    );
    return unreadable();
  }
  if (scan.longLineCount > 0) {
    // DuckDB drops a record longer than its read buffer without a word, so a file with one is
    // not handed to it: every over-long record is named here, the other rows wait for a fixed file
    const max = MAX_LINE_BYTES.toLocaleString("en-US");
    report.addGroup(
      "line-size",
      spec.file,
      "error",
      scan.longLineCount,
      scan.longLines
        .slice(0, report.examplesPerGroup)
        .map(({ line, lines, bytes, unclosedQuote }) =>
          validationIssue({
            severity: "error",
            rule: "line-size",
            file: spec.file,
            line,
            problem: `${lines > 1 ? `the row spans ${lines} lines (quoted line breaks) and is` : "the line is"} ${bytes.toLocaleString("en-US")} bytes, over the maximum of ${max}${unclosedQuote ? " (a quote opened in it is never closed)" : ""}; the file's other rows were not checked`,
          }),
        ),
    );
    return unreadable();
  }
  if (scan.header === null || scan.header.trim() === "") {
    headerIssue(null, null, "the file has no header line");
    return unreadable();
  }
  if (scan.header.includes("\r")) {
    // lines ended by CR alone (classic Mac OS "CSV"): the whole file reads as one header line
    headerIssue(
      null,
      null,
      "the lines end with a carriage return alone (CR, no line feed), so the file reads as one line; save it as CSV UTF-8 (lines ending in LF or CR LF)",
    );
    return unreadable();
  }

  const header = parseHeader(scan.header);
  const expected = new Set(spec.columns.map((c) => c.name));
  const seen = new Set<string>();
  let fatal = false;
  for (const name of header) {
    if (seen.has(name)) {
      headerIssue(name, name, `column "${name}" appears more than once`);
      fatal = true;
    } else if (!expected.has(name)) {
      headerIssue(name, name, `column "${name}" is not part of the ${spec.file} format`);
    }
    seen.add(name);
  }
  for (const column of spec.columns) {
    if (!seen.has(column.name)) {
      headerIssue(column.name, null, `required column "${column.name}" is missing from the header`);
      fatal = true;
    }
  }
  if (fatal) return unreadable();

  const raw = `raw_${spec.table}`;
  const rejects = `rejects_${spec.table}`;
  const rejectScans = `reject_scans_${spec.table}`;
  await warehouse.run(`DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS ${rejectScans}`);
  // read_csv names the columns after this map (the header line itself is skipped): a column the
  // format does not know is read as ~<position>, so no header can clash with a parsed companion
  const names = header.map((name, i) => (expected.has(name) ? name : `~${i + 1}`));
  const columns = names.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
  const companions = spec.columns
    .filter(hasParsedValue)
    .map((c) => `${parsedValue(c, ident(c.name))} AS ${parsed(c.name)}`);
  try {
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT *${companions.map((c) => `, ${c}`).join("")}
        FROM read_csv(${sqlString(join(submission.dir, spec.file))},
        header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        columns = {${columns}}, strict_mode = true, null_padding = false,
        max_line_size = ${2 * MAX_LINE_BYTES},
        store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${rejectScans}')`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    report.add(
      validationIssue({
        severity: "error",
        rule: "parse",
        file: spec.file,
        problem: `the file cannot be read as CSV: ${message}`,
      }),
    );
    return unreadable();
  }

  const rejected = await reportRejects(warehouse, spec, rejects, report, scan);
  if (rejected > 0) await storeRejectedKeys(warehouse, spec, names, rejects);
  if (scan.blankLines.length > 0) {
    report.addGroup(
      "blank-line",
      spec.file,
      "warning",
      scan.blankLines.length,
      scan.blankLines.slice(0, report.examplesPerGroup).map((line) =>
        validationIssue({
          severity: "warning",
          rule: "blank-line",
          file: spec.file,
          line,
          value: "",
          problem: "empty line skipped",
        }),
      ),
    );
  }

  const { rows } = await warehouse.one<{ rows: number }>(`SELECT count(*) AS rows FROM ${raw}`);
  const skipped = "skipped_lines";
  let skips = 0;
  if (rejected > 0 || scan.blankLines.length > 0) {
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE ${skipped} AS
        SELECT line - row_number() OVER (ORDER BY line) AS k, row_number() OVER (ORDER BY line) AS j
        FROM (SELECT DISTINCT line FROM (
          SELECT CAST(line AS BIGINT) AS line FROM ${rejects}
          ${scan.blankLines.length > 0 ? `UNION ALL SELECT unnest([${scan.blankLines.join(",")}]::BIGINT[])` : ""}))`,
    );
    ({ skips } = await warehouse.one<{ skips: number }>(
      `SELECT count(*) AS skips FROM ${skipped}`,
    ));
  }
  // a rejected record spanning several lines (a quoted newline) covers them all; DuckDB's
  // csv_line may carry the line break before it
  const { rejectedExtra } =
    rejected > 0
      ? await warehouse.one<{ rejectedExtra: number }>(
          `SELECT CAST(coalesce(sum(${newlinesIn("trim(csv_line, chr(13) || chr(10))")}), 0) AS BIGINT) AS rejectedExtra
            FROM (SELECT DISTINCT line, csv_line FROM ${rejects})`,
        )
      : { rejectedExtra: 0 };
  await warehouse.run(`DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS ${rejectScans}`);
  const hasEmbeddedNewlines = scan.physicalLines !== 1 + rows + skips;
  const newlines = names.map((name) => newlinesIn(ident(name))).join(" + ");
  if (hasEmbeddedNewlines) {
    // every physical line is a row's, a skipped line's or the header: a line the reader lost
    // without rejecting it must not pass unnoticed
    const { embedded } = await warehouse.one<{ embedded: number }>(
      `SELECT CAST(coalesce(sum(${newlines}), 0) AS BIGINT) AS embedded FROM ${raw}`,
    );
    const accounted = 1 + rows + embedded + skips + rejectedExtra;
    if (accounted !== scan.physicalLines) {
      report.add(
        validationIssue({
          severity: "error",
          rule: "parse",
          file: spec.file,
          problem: `the file has ${scan.physicalLines} lines but ${accounted} were read as rows or reported (header, ${rows} rows, ${embedded} quoted line breaks, ${skips} skipped lines): ${Math.abs(scan.physicalLines - accounted)} line(s) could not be placed`,
        }),
      );
    }
  }
  const stagedColumns = [
    ...spec.columns.map((c) => ident(c.name)),
    ...spec.columns.filter(hasParsedValue).map((c) => parsed(c.name)),
  ];
  const specColumns = stagedColumns.join(", ");
  if (!hasEmbeddedNewlines && skips === 0) {
    // the common case: row n of the file is line n + 2, so a view spares copying the rows
    await warehouse.run(
      `CREATE OR REPLACE TEMP VIEW ${stg} AS SELECT 2 + rowid AS line, ${specColumns} FROM ${raw}`,
    );
    return { spec, status: "read", rows };
  }
  const compressedLine = hasEmbeddedNewlines
    ? `2 + rowid + coalesce(sum(${newlines}) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)`
    : "2 + rowid";
  const withLine = `SELECT ${compressedLine} AS c, ${specColumns} FROM ${raw}`;
  await warehouse.run(
    skips === 0
      ? `CREATE OR REPLACE TEMP TABLE ${stg} AS SELECT c AS line, ${specColumns} FROM (${withLine})`
      : `CREATE OR REPLACE TEMP TABLE ${stg} AS
          SELECT r.c + coalesce(s.j, 0) AS line, ${stagedColumns.map((c) => `r.${c}`).join(", ")}
          FROM (${withLine}) r
          ASOF LEFT JOIN (SELECT k, max(j) AS j FROM ${skipped} GROUP BY k) s ON r.c > s.k`,
  );
  await warehouse.run(`DROP TABLE ${raw}; DROP TABLE IF EXISTS ${skipped}`);
  return { spec, status: "read", rows };
}

/** SQL: how many line feeds the text `expr` holds (0 for NULL). */
function newlinesIn(expr: string): string {
  return `coalesce(length(${expr}) - length(replace(${expr}, chr(10), '')), 0)`;
}
