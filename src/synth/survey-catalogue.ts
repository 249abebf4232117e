import type { RespondentType } from "../domain/codes.ts";

/** One item of the synthetic survey catalogue (survey_items.csv). */
export interface SurveyItem {
  readonly id: string;
  readonly instrument: "SEL" | "CC";
  readonly construct: string;
  readonly respondentType: RespondentType;
  readonly reverseCoded: boolean;
  readonly text: string;
}

const item = (
  id: string,
  instrument: "SEL" | "CC",
  construct: string,
  respondentType: RespondentType,
  reverseCoded: boolean,
  text: string,
): SurveyItem => ({ id, instrument, construct, respondentType, reverseCoded, text });

/**
 * The catalogue, sorted by item id: SEL (students, 4 constructs × 2 items), culture-climate for
 * students (1 per area), staff (2 per area) and parents (1 per area). Some items are reverse coded.
 */
export const SURVEY_ITEMS: readonly SurveyItem[] = [
  item(
    "CC_PAR_ENG1",
    "CC",
    "engagement",
    "parent",
    false,
    "The school welcomes my input, and I feel part of it.",
  ),
  item(
    "CC_PAR_REL1",
    "CC",
    "relationships",
    "parent",
    false,
    "Adults at this school care about my child.",
  ),
  item("CC_PAR_SAF1", "CC", "safety", "parent", false, "My child is safe at school."),
  item(
    "CC_PAR_TL1",
    "CC",
    "teaching_learning",
    "parent",
    false,
    "My child is challenged in class.",
  ),
  item(
    "CC_STF_ENG1",
    "CC",
    "engagement",
    "staff",
    false,
    "This school involves families in decisions.",
  ),
  item("CC_STF_ENG2", "CC", "engagement", "staff", false, "Staff feel a sense of belonging here."),
  item("CC_STF_REL1", "CC", "relationships", "staff", false, "Adults here trust one another."),
  item("CC_STF_REL2", "CC", "relationships", "staff", true, "Staff rarely know students well."),
  item("CC_STF_SAF1", "CC", "safety", "staff", false, "This school is a safe place for students."),
  item("CC_STF_SAF2", "CC", "safety", "staff", true, "Bullying is a problem at this school."),
  item(
    "CC_STF_TL1",
    "CC",
    "teaching_learning",
    "staff",
    false,
    "Teachers hold high expectations for all students.",
  ),
  item(
    "CC_STF_TL2",
    "CC",
    "teaching_learning",
    "staff",
    false,
    "Teachers work together to improve instruction.",
  ),
  item(
    "CC_STU_ENG1",
    "CC",
    "engagement",
    "student",
    false,
    "I feel like I am part of this school.",
  ),
  item(
    "CC_STU_REL1",
    "CC",
    "relationships",
    "student",
    false,
    "There is an adult at school who cares about me.",
  ),
  item("CC_STU_SAF1", "CC", "safety", "student", false, "I feel safe at school."),
  item(
    "CC_STU_TL1",
    "CC",
    "teaching_learning",
    "student",
    false,
    "My teachers expect me to do my best.",
  ),
  item(
    "SEL_GM1",
    "SEL",
    "growth_mindset",
    "student",
    true,
    "My intelligence is something I can't change very much.",
  ),
  item(
    "SEL_GM2",
    "SEL",
    "growth_mindset",
    "student",
    true,
    "Challenging myself won't make me any smarter.",
  ),
  item(
    "SEL_SA1",
    "SEL",
    "social_awareness",
    "student",
    false,
    "I can tell how others are feeling.",
  ),
  item(
    "SEL_SA2",
    "SEL",
    "social_awareness",
    "student",
    false,
    "I get along with students who are different from me.",
  ),
  item(
    "SEL_SE1",
    "SEL",
    "self_efficacy",
    "student",
    false,
    "I can do well on all my tests, even when they are difficult.",
  ),
  item(
    "SEL_SE2",
    "SEL",
    "self_efficacy",
    "student",
    false,
    "I can master the hardest topics in my classes.",
  ),
  item("SEL_SM1", "SEL", "self_management", "student", false, "I came to class prepared."),
  item(
    "SEL_SM2",
    "SEL",
    "self_management",
    "student",
    false,
    "I got my work done right away instead of waiting.",
  ),
];

/** The items each respondent type answers, in item-id order. */
export function itemsFor(type: RespondentType): readonly SurveyItem[] {
  return SURVEY_ITEMS.filter((i) => i.respondentType === type);
}
