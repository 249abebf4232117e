import { SUBJECTS } from "../codes.ts";
import { CDS_PATTERN, STUDENT_ID_PATTERN, type TableSpec } from "./table-spec.ts";

/** test_results.csv: state assessment (Smarter Balanced) results. */
export const testResultsTable: TableSpec = {
  table: "test_results",
  file: "test_results.csv",
  description:
    "One row per student and subject tested in the spring state assessment (grades 3-8 and 11). The scale score must lie in the grade's obtainable range and agree with the achievement level's cut scores.",
  optional: false,
  key: ["student_id", "subject"],
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
      description: "School where the student tested; must appear in schools.csv.",
    },
    { name: "subject", type: "code", required: true, codes: SUBJECTS, description: "ELA or MATH." },
    {
      name: "grade",
      type: "integer",
      required: true,
      min: 3,
      max: 11,
      description: "Tested grade: 3-8 or 11.",
    },
    {
      name: "scale_score",
      type: "integer",
      required: true,
      min: 2000,
      max: 3000,
      description:
        "Smarter Balanced scale score, within the grade's lowest and highest obtainable scores.",
    },
    {
      name: "achievement_level",
      type: "integer",
      required: true,
      min: 1,
      max: 4,
      description:
        "1 Standard Not Met, 2 Nearly Met, 3 Met, 4 Exceeded; must match the scale score.",
    },
    {
      name: "sem",
      type: "decimal",
      required: false,
      min: 0,
      max: 200,
      description: "Standard error of measurement of the scale score, when reported.",
    },
  ],
};
