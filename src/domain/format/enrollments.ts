import { YES_NO } from "../codes.ts";
import { CDS_PATTERN, STUDENT_ID_PATTERN, type TableSpec } from "./table-spec.ts";

/** enrollments.csv: each stint of a student at a school during the year. */
export const enrollmentsTable: TableSpec = {
  table: "enrollments",
  file: "enrollments.csv",
  description:
    "One row per enrollment stint: a student at a school from entry to exit. A student who moves has one row per school. Attendance is counted per stint.",
  optional: false,
  key: ["student_id", "school_code", "entry_date"],
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
      name: "grade",
      type: "integer",
      required: true,
      min: -1,
      max: 12,
      description: "Grade level during the stint (-1 TK, 0 K, 1-12).",
    },
    {
      name: "entry_date",
      type: "date",
      required: true,
      description:
        "First day of the stint (YYYY-MM-DD), within the school year (July 1 to June 30).",
    },
    {
      name: "exit_date",
      type: "date",
      required: false,
      description:
        "Last day of the stint; blank when still enrolled at year end. Not before entry_date.",
    },
    {
      name: "days_enrolled",
      type: "integer",
      required: true,
      min: 0,
      max: 200,
      description: "Instructional days enrolled during the stint.",
    },
    {
      name: "days_absent",
      type: "integer",
      required: true,
      min: 0,
      max: 200,
      description:
        "Instructional days absent (excused or not) during the stint; not more than days_enrolled.",
    },
    {
      name: "census_day",
      type: "flag",
      required: true,
      codes: YES_NO,
      description: "Y when the stint covers census day (the first Wednesday in October).",
    },
  ],
};
