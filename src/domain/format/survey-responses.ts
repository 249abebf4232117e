import type { TableSpec } from "./table-spec.ts";

/** survey_responses.csv: the answers, one row per respondent and item. */
export const surveyResponsesTable: TableSpec = {
  table: "survey_responses",
  file: "survey_responses.csv",
  description: "One row per respondent and answered item; unanswered items are left out.",
  optional: true,
  key: ["respondent_id", "item_id"],
  columns: [
    {
      name: "respondent_id",
      type: "text",
      required: true,
      pattern: "[A-Za-z0-9_-]{1,32}",
      description: "Must appear in survey_respondents.csv.",
    },
    {
      name: "item_id",
      type: "text",
      required: true,
      pattern: "[A-Za-z0-9_.-]{1,20}",
      description: "Must appear in survey_items.csv, for the respondent's type.",
    },
    {
      name: "answer",
      type: "integer",
      required: true,
      min: 1,
      max: 5,
      description:
        "1 strongly disagree (or never) to 5 strongly agree (or always), before reverse coding.",
    },
  ],
};
