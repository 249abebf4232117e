/**
 * Every followed student's standing at the end of each grading period under one on-track
 * definition (student-level: only the student's own school's staff may read it). One row per
 * definition version, student, school and grading period (the term whose end it is).
 */
export const ONTRACK_STUDENTS_DDL = `CREATE TABLE IF NOT EXISTS ontrack_students (
  year INTEGER NOT NULL,
  definition_id VARCHAR NOT NULL,
  definition_version INTEGER NOT NULL,
  district_code VARCHAR NOT NULL,
  school_code VARCHAR NOT NULL,
  student_id VARCHAR NOT NULL,
  term VARCHAR NOT NULL,
  period_end DATE NOT NULL,
  credits_earned DOUBLE NOT NULL,
  credits_expected DOUBLE,
  core_semester_failures DOUBLE NOT NULL,
  failing_marks INTEGER NOT NULL,
  gpa DOUBLE,
  days_enrolled INTEGER NOT NULL,
  days_absent INTEGER NOT NULL,
  suspension_days DOUBLE NOT NULL,
  on_track BOOLEAN,
  flag_attendance BOOLEAN,
  flag_failure BOOLEAN,
  flag_gpa BOOLEAN,
  flag_suspension BOOLEAN,
  flags INTEGER NOT NULL,
  PRIMARY KEY (year, definition_id, definition_version, district_code, student_id, term)
)`;
