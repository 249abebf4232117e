import { RESPONDENT_TYPES } from "../codes.ts";
import { CDS_PATTERN, STUDENT_ID_PATTERN, type TableSpec } from "./table-spec.ts";

/** survey_respondents.csv: one row per completed survey. */
export const surveyRespondentsTable: TableSpec = {
  table: "survey_respondents",
  file: "survey_respondents.csv",
  description:
    "One row per survey taken: an anonymous respondent id, the school, who answered and (students) the grade. Answers are in survey_responses.csv.",
  optional: true,
  key: ["respondent_id"],
  columns: [
    {
      name: "respondent_id",
      type: "text",
      required: true,
      pattern: "[A-Za-z0-9_-]{1,32}",
      description:
        "Anonymous respondent identifier, unique within the submission; must not be a student id.",
    },
    {
      name: "school_code",
      type: "text",
      required: true,
      pattern: CDS_PATTERN,
      description: "Must appear in schools.csv.",
    },
    {
      name: "respondent_type",
      type: "code",
      required: true,
      codes: RESPONDENT_TYPES,
      description: "student, staff or parent.",
    },
    {
      name: "grade",
      type: "integer",
      required: false,
      min: -1,
      max: 12,
      description:
        "Student's grade (required for students; for parents, the child's grade when known; blank for staff).",
    },
    {
      name: "student_id",
      type: "text",
      required: false,
      pattern: STUDENT_ID_PATTERN,
      description:
        "Only for confidential (not anonymous) student SEL surveys: links the answers to the student for group results. Never shown or exported.",
    },
  ],
};
