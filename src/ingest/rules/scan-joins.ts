import { distinctJoin, matchesPattern, type ScanJoin, stagingTable } from "../sql-check.ts";

/**
 * The joins that checks of one table pass share (same alias, same join): a file's rows LEFT
 * JOINed with the ids listed by the file they refer to. Each join gives at most one row per
 * staging row, except when the listing file repeats an id with another type (a duplicate-key
 * error of its own).
 */
export const SCAN_JOINS = {
  /** `ref_students.__key`: the row's student_id is in students.csv. */
  students: () => distinctJoin("ref_students", "students", "student_id", "student_id"),
  /** `ref_schools.__key`: the row's school_code is in schools.csv. */
  schools: () => distinctJoin("ref_schools", "schools", "school_code", "school_code"),
  /** `enrolled.__key`: the row's student_id has a row in enrollments.csv. */
  enrolled: () => distinctJoin("enrolled", "enrollments", "student_id", "student_id"),
  /** `respondent_as_student.__key`: the row's respondent_id is a student id of students.csv. */
  respondentAsStudent: () =>
    distinctJoin("respondent_as_student", "students", "student_id", "respondent_id"),
  /**
   * `ref_respondents.__key`, `ref_respondents.__type`, `ref_respondents.__ok`: the row's respondent
   * in survey_respondents.csv (`__ok`: its id matches the respondent_id pattern).
   */
  respondents: (): Record<string, ScanJoin> => ({
    ref_respondents: {
      source: `SELECT DISTINCT respondent_id AS __key, respondent_type AS __type, ${matchesPattern("survey_respondents", "respondent_id", "respondent_id")} FROM ${stagingTable("survey_respondents")}`,
      on: "ref_respondents.__key = respondent_id",
    },
  }),
  /** `ref_items.__key`, `ref_items.__type`, `ref_items.__ok`: the row's item in survey_items.csv. */
  items: (): Record<string, ScanJoin> => ({
    ref_items: {
      source: `SELECT DISTINCT item_id AS __key, respondent_type AS __type, ${matchesPattern("survey_items", "item_id", "item_id")} FROM ${stagingTable("survey_items")}`,
      on: "ref_items.__key = item_id",
    },
  }),
} as const;
