import { COHORT_OUTCOMES } from "../codes.ts";
import { CDS_PATTERN, STUDENT_ID_PATTERN, type TableSpec } from "./table-spec.ts";

/** graduation_cohort.csv: the four-year adjusted cohort finishing this year. */
export const graduationCohortTable: TableSpec = {
  table: "graduation_cohort",
  file: "graduation_cohort.csv",
  description:
    "One row per student of the four-year cohort expected to graduate this year (first-time grade 9 three years before, plus transfers in), attributed to the last high school of enrollment, with the outcome.",
  optional: true,
  key: ["student_id"],
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
      description: "Last high school of enrollment; must appear in schools.csv.",
    },
    {
      name: "cohort_entry_year",
      type: "integer",
      required: true,
      min: 1990,
      max: 2100,
      description:
        "School year (spring) in which the student first entered grade 9; must be the submission year minus 3.",
    },
    {
      name: "outcome",
      type: "code",
      required: true,
      codes: COHORT_OUTCOMES,
      description:
        "GRD regular diploma; CON still enrolled; DRP dropout; CHS CHSPE/adult-ed certificate; TRO documented transfer out; EMI emigrated; DEC deceased (TRO, EMI, DEC leave the cohort).",
    },
    {
      name: "outcome_date",
      type: "date",
      required: false,
      description: "Date of graduation or exit; blank for CON.",
    },
  ],
};
