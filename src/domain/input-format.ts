import { attendancePeriodsTable } from "./format/attendance-periods.ts";
import { courseMarksTable } from "./format/course-marks.ts";
import { disciplineTable } from "./format/discipline.ts";
import { enrollmentsTable } from "./format/enrollments.ts";
import { graduationCohortTable } from "./format/graduation-cohort.ts";
import { schoolsTable } from "./format/schools.ts";
import { studentsTable } from "./format/students.ts";
import { surveyItemsTable } from "./format/survey-items.ts";
import { surveyRespondentsTable } from "./format/survey-respondents.ts";
import { surveyResponsesTable } from "./format/survey-responses.ts";
import type { TableSpec } from "./format/table-spec.ts";
import { testResultsTable } from "./format/test-results.ts";

export type { ColumnSpec, ColumnType, TableSpec } from "./format/table-spec.ts";

/**
 * The files of one submission (one district, one school year), in load order: a table's
 * references point only to tables before it.
 */
export const INPUT_TABLES: readonly TableSpec[] = [
  schoolsTable,
  studentsTable,
  enrollmentsTable,
  attendancePeriodsTable,
  testResultsTable,
  disciplineTable,
  courseMarksTable,
  graduationCohortTable,
  surveyItemsTable,
  surveyRespondentsTable,
  surveyResponsesTable,
];

/** Finds an input table by its warehouse table name. */
export function inputTable(table: string): TableSpec {
  const spec = INPUT_TABLES.find((t) => t.table === table);
  if (!spec) throw new Error(`unknown input table "${table}"`);
  return spec;
}
