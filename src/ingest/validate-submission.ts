import { join } from "node:path";
import { INPUT_TABLES } from "../domain/input-format.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { OnProgress } from "./ingest-progress.ts";
import { allChecks } from "./rules/all-checks.ts";
import { columnCheckSql, columnChecks } from "./rules/column-rules.ts";
import { disciplineKnockOns, REJECTED_ENROLLMENTS } from "./rules/enrollment-rules.ts";
import { countKnockOns, referenceTargets, rejectedKeysTable } from "./rules/references.ts";
import { runChecks } from "./run-checks.ts";
import { type FileScan, scanFile, submissionSha256 } from "./scan-file.ts";
import { type StagedTable, stageFile } from "./stage-submission.ts";
import { type Submission, submissionLabel } from "./submission.ts";
import { validationIssue } from "./validation-issue.ts";
import { type KnockOn, ValidationReport } from "./validation-report.ts";

/** A submission read into staging tables, with its validation report. */
export interface StagedSubmission {
  readonly submission: Submission;
  /** The input files present, scanned (hash, size, lines), in name order. */
  readonly files: readonly FileScan[];
  readonly sha256: string;
  readonly tables: readonly StagedTable[];
  readonly report: ValidationReport;
}

/** Hashes the input files of a submission (the files the input format knows, in name order). */
export async function scanSubmission(submission: Submission): Promise<FileScan[]> {
  const known = new Set(INPUT_TABLES.map((t) => t.file));
  const names = submission.files.filter((name) => known.has(name));
  return Promise.all(names.map((name) => scanFile(join(submission.dir, name))));
}

/**
 * Validates a submission inside DuckDB: stages every file (stg_<table> temp tables), then (after
 * `beforeChecks`) runs the per-column checks and every rule of src/ingest/rules/. Checks reading
 * a file that could not be read are skipped (its own errors are reported). Nothing is written to
 * the warehouse tables.
 */
export async function validateSubmission(
  warehouse: Warehouse,
  submission: Submission,
  options: {
    files?: FileScan[];
    examplesPerGroup?: number;
    onProgress?: OnProgress;
    /**
     * Awaited between reading the files and checking them: the checks read the warehouse
     * (other years), the reading does not, so a pipeline can read a submission while the
     * submissions its checks depend on are still loading.
     */
    beforeChecks?: () => Promise<unknown>;
  } = {},
): Promise<StagedSubmission> {
  const label = submissionLabel(submission);
  const report = new ValidationReport(label, options.examplesPerGroup);
  const checks = allChecks(submission);
  const steps = 2 + INPUT_TABLES.length * 2;
  let step = 0;
  const progress = (phase: "scan" | "read" | "check", table?: string) =>
    options.onProgress?.({
      submission: label,
      phase,
      step: ++step,
      steps,
      ...(table ? { table } : {}),
    });

  await dropStaging(warehouse);
  const files = options.files ?? (await scanSubmission(submission));
  progress("scan");
  const known = new Set(INPUT_TABLES.map((t) => t.file));
  for (const name of submission.files) {
    if (!known.has(name)) {
      report.add(
        validationIssue({
          severity: "warning",
          rule: "unknown-file",
          file: name,
          problem: "not a file of the input format; ignored",
        }),
      );
    }
  }

  for (const { table } of referenceTargets()) {
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${rejectedKeysTable(table)} (key VARCHAR)`);
  }
  await warehouse.run(
    `CREATE OR REPLACE TEMP TABLE ${REJECTED_ENROLLMENTS} (student_id VARCHAR, school_code VARCHAR)`,
  );
  const tables: StagedTable[] = [];
  for (const spec of INPUT_TABLES) {
    const scan = files.find((f) => f.name === spec.file);
    tables.push(await stageFile(warehouse, submission, spec, scan, report));
    progress("read", spec.table);
  }
  await options.beforeChecks?.();
  const usable = new Set(tables.filter((t) => t.status !== "unreadable").map((t) => t.spec.table));
  const toRun = [
    ...tables
      .filter((t) => t.status === "read")
      .flatMap((t) => columnChecks(t.spec).map((c) => columnCheckSql(t.spec, c))),
    ...checks.filter((check) => check.reads.every((t) => usable.has(t))),
  ];
  // one pass per table tests its column checks and rules; then the rules that found something
  // (and those without a single-table test) list their offending rows
  const passed = new Set<string>();
  await runChecks(warehouse, toRun, report, (table) => {
    passed.add(table);
    progress("check", table);
  });
  for (const table of tables)
    if (!passed.has(table.spec.table)) progress("check", table.spec.table);
  await countRejectionKnockOns(warehouse, submission, tables, usable, report);
  progress("check");
  return { submission, files, sha256: submissionSha256(files), tables, report };
}

/**
 * Counts, under the encoding or parse error of each file other files refer to, the rows of those
 * files that name one of its rejected rows (the reference checks leave them out), and under
 * enrollments.csv's, the actions whose enrollment was rejected (discipline-enrollment leaves
 * them out).
 */
async function countRejectionKnockOns(
  warehouse: Warehouse,
  submission: Submission,
  tables: readonly StagedTable[],
  usable: ReadonlySet<string>,
  report: ValidationReport,
): Promise<void> {
  const counted = async (table: string) =>
    (await warehouse.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).n > 0;
  const fileOf = (table: string) => tables.find((t) => t.spec.table === table)!.spec.file;
  const addTo = (file: string, knockOns: readonly KnockOn[]) => {
    for (const k of knockOns)
      if (!report.addKnockOn("encoding", file, k)) report.addKnockOn("parse", file, k);
  };
  for (const { table } of referenceTargets()) {
    if (!usable.has(table) || !(await counted(rejectedKeysTable(table)))) continue;
    addTo(fileOf(table), await countKnockOns(warehouse, table, usable));
  }
  if (
    usable.has("enrollments") &&
    usable.has("discipline") &&
    (await counted(REJECTED_ENROLLMENTS))
  ) {
    addTo(fileOf("enrollments"), await disciplineKnockOns(warehouse, submission));
  }
}

/** Drops the staging views and tables of a submission. */
export async function dropStaging(warehouse: Warehouse): Promise<void> {
  const objects = await warehouse.all<{ name: string; kind: string }>(
    `SELECT view_name AS name, 'VIEW' AS kind FROM duckdb_views() WHERE temporary AND view_name LIKE 'stg\\_%' ESCAPE '\\'
     UNION ALL
     SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE temporary AND (table_name LIKE 'stg\\_%' ESCAPE '\\' OR table_name LIKE 'raw\\_%' ESCAPE '\\' OR table_name LIKE 'rejected\\_keys\\_%' ESCAPE '\\')
     ORDER BY kind DESC`,
  );
  for (const { name, kind } of objects)
    await warehouse.run(`DROP ${kind} IF EXISTS temp.main."${name}"`);
}
