import { CDS_PATTERN, STUDENT_ID_PATTERN, type TableSpec } from "./table-spec.ts";

/** attendance_periods.csv: attendance of a student at a school per month or attendance period. */
export const attendancePeriodsTable: TableSpec = {
  table: "attendance_periods",
  file: "attendance_periods.csv",
  description:
    "One row per student, school and attendance period (a calendar month, or the district's own attendance period): days enrolled and days absent in it. Optional; feeds the periodic measures (monthly absence, chronic absence to date). A student's periods at a school must not overlap, must lie in the school year, and their days must not add up to more than the student's days enrolled at that school in enrollments.csv.",
  optional: true,
  key: ["student_id", "school_code", "period_start"],
  columns: [
    {
      name: "student_id",
      type: "text",
      required: true,
      pattern: STUDENT_ID_PATTERN,
      description: "Must appear in students.csv.",
    },
    {
      name: "school_code",
      type: "text",
      required: true,
      pattern: CDS_PATTERN,
      description: "Must appear in schools.csv.",
    },
    {
      name: "period_start",
      type: "date",
      required: true,
      description:
        "First day of the period (YYYY-MM-DD), within the school year (July 1 to June 30).",
    },
    {
      name: "period_end",
      type: "date",
      required: true,
      description:
        "Last day of the period, within the school year; not before period_start. Periods of one student at one school do not overlap.",
    },
    {
      name: "days_enrolled",
      type: "integer",
      required: true,
      min: 0,
      max: 31,
      description: "Instructional days enrolled at the school in the period.",
    },
    {
      name: "days_absent",
      type: "integer",
      required: true,
      min: 0,
      max: 31,
      description: "Instructional days absent in the period; not more than days_enrolled.",
    },
  ],
};
