import { DISCIPLINE_ACTIONS } from "../codes.ts";
import { CDS_PATTERN, STUDENT_ID_PATTERN, type TableSpec } from "./table-spec.ts";

/** discipline.csv: suspensions and expulsions. */
export const disciplineTable: TableSpec = {
  table: "discipline",
  file: "discipline.csv",
  description:
    "One row per disciplinary action: in-school suspension, out-of-school suspension or expulsion.",
  optional: true,
  key: ["action_id"],
  columns: [
    {
      name: "action_id",
      type: "text",
      required: true,
      pattern: "[A-Za-z0-9_-]{1,32}",
      description: "The district's identifier of the action, unique within the submission.",
    },
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
      description:
        "School that took the action; the student must be enrolled there on action_date.",
    },
    {
      name: "action",
      type: "code",
      required: true,
      codes: DISCIPLINE_ACTIONS,
      description: "ISS in-school suspension, OSS out-of-school suspension, EXP expulsion.",
    },
    {
      name: "action_date",
      type: "date",
      required: true,
      description: "Date the action began (YYYY-MM-DD), within the school year.",
    },
    {
      name: "days",
      type: "decimal",
      required: true,
      min: 0,
      max: 200,
      description:
        "Days of suspension (0.5 steps allowed); for expulsions, days excluded in this year.",
    },
  ],
};
