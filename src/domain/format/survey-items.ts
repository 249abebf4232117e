import { RESPONDENT_TYPES, SURVEY_CONSTRUCTS, SURVEY_INSTRUMENTS, YES_NO } from "../codes.ts";
import type { TableSpec } from "./table-spec.ts";

/** survey_items.csv: the catalogue of survey items used this year. */
export const surveyItemsTable: TableSpec = {
  table: "survey_items",
  file: "survey_items.csv",
  description:
    "The survey item catalogue: which instrument, construct (SEL) or climate area (culture-climate) and respondent type each item belongs to, and whether it is reverse coded.",
  optional: true,
  key: ["item_id"],
  columns: [
    {
      name: "item_id",
      type: "text",
      required: true,
      pattern: "[A-Za-z0-9_.-]{1,20}",
      description: "Item identifier.",
    },
    {
      name: "instrument",
      type: "code",
      required: true,
      codes: SURVEY_INSTRUMENTS,
      description: "SEL social-emotional skills (students) or CC culture-climate.",
    },
    {
      name: "construct",
      type: "code",
      required: true,
      codes: SURVEY_CONSTRUCTS,
      description:
        "SEL: growth_mindset, self_efficacy, self_management, social_awareness. CC: teaching_learning, relationships, safety, engagement.",
    },
    {
      name: "respondent_type",
      type: "code",
      required: true,
      codes: RESPONDENT_TYPES,
      description: "Who answers the item: student, staff or parent.",
    },
    {
      name: "reverse_coded",
      type: "flag",
      required: true,
      codes: YES_NO,
      description: "Y when agreement is unfavourable; the answer is scored as 6 - answer.",
    },
    {
      name: "item_text",
      type: "text",
      required: true,
      description: "Wording shown to respondents.",
    },
  ],
};
