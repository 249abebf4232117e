import { inputTable } from "../../domain/input-format.ts";
import type { Warehouse } from "../../warehouse/warehouse.ts";
import {
  columnPattern,
  ident,
  present,
  type ScanJoin,
  type SqlCheck,
  stagingTable,
} from "../sql-check.ts";
import type { KnockOn } from "../validation-report.ts";
import { SCAN_JOINS } from "./scan-joins.ts";

/** A column that must name a row of another file of the same submission. */
interface Reference {
  readonly table: string;
  readonly column: string;
  readonly target: string;
  readonly targetColumn: string;
}

/** The shared join that lists the ids of `ref.target`, by target, as `<alias>.__key`. */
const TARGET_JOINS: Readonly<
  Record<string, { alias: string; join: () => Record<string, ScanJoin> }>
> = {
  students: { alias: "ref_students", join: SCAN_JOINS.students },
  schools: { alias: "ref_schools", join: SCAN_JOINS.schools },
  survey_respondents: { alias: "ref_respondents", join: SCAN_JOINS.respondents },
  survey_items: { alias: "ref_items", join: SCAN_JOINS.items },
};

const STUDENT_TABLES = [
  "enrollments",
  "attendance_periods",
  "test_results",
  "discipline",
  "course_marks",
  "graduation_cohort",
  "survey_respondents",
];

const REFERENCES: readonly Reference[] = [
  ...STUDENT_TABLES.map((table) => ({
    table,
    column: "student_id",
    target: "students",
    targetColumn: "student_id",
  })),
  ...STUDENT_TABLES.map((table) => ({
    table,
    column: "school_code",
    target: "schools",
    targetColumn: "school_code",
  })),
  {
    table: "survey_responses",
    column: "respondent_id",
    target: "survey_respondents",
    targetColumn: "respondent_id",
  },
  { table: "survey_responses", column: "item_id", target: "survey_items", targetColumn: "item_id" },
];

/**
 * The shared join of the file `table.column` refers to (its ids as `<alias>.__key`, and whether
 * each matches the id pattern as `<alias>.__ok`), with the pattern of the referred column; none
 * when the column refers to no file.
 */
export function referenceJoin(
  table: string,
  column: string,
): { alias: string; joins: Record<string, ScanJoin>; pattern: string | undefined } | undefined {
  const ref = REFERENCES.find((r) => r.table === table && r.column === column);
  if (!ref) return undefined;
  const target = TARGET_JOINS[ref.target]!;
  return {
    alias: target.alias,
    joins: target.join(),
    pattern: columnPattern(ref.target, ref.targetColumn),
  };
}

/**
 * reference (error): a student, school, respondent or item that its file refers to is not in
 * the file that lists them (students.csv, schools.csv, survey_respondents.csv, survey_items.csv).
 */
export function referenceChecks(): SqlCheck[] {
  return REFERENCES.map((ref) => {
    const col = ident(ref.column);
    const targetFile = inputTable(ref.target).file;
    const target = TARGET_JOINS[ref.target]!;
    return {
      rule: "reference",
      severity: "error",
      file: inputTable(ref.table).file,
      column: ref.column,
      reads: [ref.table, ref.target],
      // an id whose row in the target file was rejected is that rejection's knock-on, counted
      // under it (see countKnockOns), not a reference error of its own
      sql: `SELECT s.line, s.${col} AS value,
          format('value "{}" is not in ${targetFile}', s.${col}) AS message
        FROM ${stagingTable(ref.table)} s
        WHERE ${present(`s.${col}`)} AND NOT EXISTS (
          SELECT 1 FROM ${stagingTable(ref.target)} t WHERE t.${ident(ref.targetColumn)} = s.${col})
          AND NOT EXISTS (SELECT 1 FROM ${rejectedKeysTable(ref.target)} r WHERE r.key = s.${col})`,
      scan: {
        table: ref.table,
        condition: `${present(col)} AND ${target.alias}.__key IS NULL`,
        joins: target.join(),
      },
    };
  });
}

/**
 * The temporary table of the ids (`key`) of a reference target's rows that could not be read
 * (parse or encoding rejects), filled by `stageFile`.
 */
export function rejectedKeysTable(target: string): string {
  return `rejected_keys_${target}`;
}

/** The files other files refer to, with the column holding the ids they refer to. */
export function referenceTargets(): { table: string; column: string }[] {
  const targets = new Map<string, string>();
  for (const ref of REFERENCES) targets.set(ref.target, ref.targetColumn);
  return [...targets].map(([table, column]) => ({ table, column }));
}

/**
 * How many rows of each referring file name an id whose row in `target` was rejected (and is in
 * no row that was read): the knock-on of that rejection. Only files in `usable` are counted.
 */
export async function countKnockOns(
  warehouse: Warehouse,
  target: string,
  usable: ReadonlySet<string>,
): Promise<KnockOn[]> {
  const out: KnockOn[] = [];
  for (const ref of REFERENCES) {
    if (ref.target !== target || !usable.has(ref.table)) continue;
    const col = ident(ref.column);
    const { n } = await warehouse.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${stagingTable(ref.table)} s
        WHERE s.${col} IN (SELECT key FROM ${rejectedKeysTable(target)})
          AND NOT EXISTS (SELECT 1 FROM ${stagingTable(target)} t WHERE t.${ident(ref.targetColumn)} = s.${col})`,
    );
    if (n > 0)
      out.push({
        rule: "reference",
        file: inputTable(ref.table).file,
        column: ref.column,
        count: n,
      });
  }
  return out;
}
