import { DISABILITY_CATEGORIES, EL_STATUSES, GENDERS, RACE_CODES, YES_NO } from "../codes.ts";
import { STUDENT_ID_PATTERN, type TableSpec } from "./table-spec.ts";

/** students.csv: each student's characteristics for the year (as of census day). */
export const studentsTable: TableSpec = {
  table: "students",
  file: "students.csv",
  description:
    "One row per student enrolled in the district at any time during the year, with the characteristics that define student groups, as of census day (or first enrollment when later).",
  optional: false,
  key: ["student_id"],
  columns: [
    {
      name: "student_id",
      type: "text",
      required: true,
      pattern: STUDENT_ID_PATTERN,
      description: "10-digit statewide student identifier; stable across years and districts.",
    },
    {
      name: "gender",
      type: "code",
      required: true,
      codes: GENDERS,
      description: "F, M or X (non-binary).",
    },
    {
      name: "race_ethnicity",
      type: "code",
      required: true,
      codes: RACE_CODES,
      description:
        "AA African American, AI American Indian or Alaska Native, AS Asian, FI Filipino, HI Hispanic or Latino, PI Pacific Islander, WH White, MR two or more races, NR not reported.",
    },
    {
      name: "sed",
      type: "flag",
      required: true,
      codes: YES_NO,
      description:
        "Socioeconomically disadvantaged (eligible for free or reduced-price meals, or neither parent a high-school graduate).",
    },
    {
      name: "swd",
      type: "flag",
      required: true,
      codes: YES_NO,
      description: "Student with a disability (has an IEP).",
    },
    {
      name: "disability_category",
      type: "code",
      required: false,
      codes: DISABILITY_CATEGORIES,
      description: "Primary disability; required when swd = Y, blank otherwise.",
    },
    {
      name: "el_status",
      type: "code",
      required: true,
      codes: EL_STATUSES,
      description:
        "EO English only, IFEP initially fluent, EL English learner, RFEP reclassified fluent, TBD to be determined.",
    },
    {
      name: "elpac_level",
      type: "integer",
      required: false,
      min: 1,
      max: 4,
      description:
        "Latest ELPAC overall level (1-4); required when el_status = EL, blank otherwise.",
    },
    {
      name: "reclassification_date",
      type: "date",
      required: false,
      description:
        "Date reclassified fluent (YYYY-MM-DD); required when el_status = RFEP, blank otherwise.",
    },
    {
      name: "foster",
      type: "flag",
      required: true,
      codes: YES_NO,
      description: "In foster care at any time during the year.",
    },
    {
      name: "homeless",
      type: "flag",
      required: true,
      codes: YES_NO,
      description: "Experienced homelessness at any time during the year.",
    },
  ],
};
