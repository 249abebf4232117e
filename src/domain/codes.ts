/**
 * Codes shared by every part of the platform: school levels, student groups, subjects and the
 * code lists of the input format. Changing a list here changes validation, the warehouse and docs.
 */

/** School levels; a school spanning levels is reported at each level it serves. */
export const SCHOOL_LEVELS = ["elementary", "middle", "high"] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

/** Race/ethnicity codes (CALPADS-style reporting groups); NR = not reported. */
export const RACE_GROUPS = ["AA", "AI", "AS", "FI", "HI", "PI", "WH", "MR"] as const;
export type RaceGroup = (typeof RACE_GROUPS)[number];
export const RACE_CODES = [...RACE_GROUPS, "NR"] as const;

/** Reporting student groups. ALL is every student; the rest are subsets. */
export const STUDENT_GROUPS = [
  "ALL",
  ...RACE_GROUPS,
  "EL",
  "RFEP",
  "SED",
  "SWD",
  "FOS",
  "HOM",
] as const;
export type StudentGroup = (typeof STUDENT_GROUPS)[number];

/** Tested subjects of the state assessment. */
export const SUBJECTS = ["ELA", "MATH"] as const;
export type Subject = (typeof SUBJECTS)[number];

/** Grades: -1 = transitional kindergarten, 0 = kindergarten, 1..12. */
export const MIN_GRADE = -1;
export const MAX_GRADE = 12;

/** Grades tested by the state assessment. */
export const TESTED_GRADES = [3, 4, 5, 6, 7, 8, 11] as const;

export const YES_NO = ["Y", "N"] as const;
export const GENDERS = ["F", "M", "X"] as const;

/** English language acquisition status. */
export const EL_STATUSES = ["EO", "IFEP", "EL", "RFEP", "TBD"] as const;
export type ElStatus = (typeof EL_STATUSES)[number];

/** Disability categories (CALPADS primary disability, abbreviated). */
export const DISABILITY_CATEGORIES = [
  "AUT", // autism
  "DB", // deaf-blindness
  "DEAF", // deafness
  "ED", // emotional disturbance
  "EMD", // established medical disability
  "HH", // hard of hearing
  "ID", // intellectual disability
  "MD", // multiple disability
  "OHI", // other health impairment
  "OI", // orthopedic impairment
  "SLD", // specific learning disability
  "SLI", // speech or language impairment
  "TBI", // traumatic brain injury
  "VI", // visual impairment
] as const;

/** Discipline actions: in-school suspension, out-of-school suspension, expulsion. */
export const DISCIPLINE_ACTIONS = ["ISS", "OSS", "EXP"] as const;

/** Course mark codes. P/NP are pass/no pass; I incomplete; W withdrawn. */
export const MARKS = [
  "A+",
  "A",
  "A-",
  "B+",
  "B",
  "B-",
  "C+",
  "C",
  "C-",
  "D+",
  "D",
  "D-",
  "F",
  "P",
  "NP",
  "I",
  "W",
] as const;

/** Subject areas of course marks. */
export const SUBJECT_AREAS = [
  "ELA",
  "MATH",
  "SCI",
  "SOC",
  "WL",
  "ART",
  "PE",
  "CTE",
  "OTH",
] as const;

/** Academic terms within a school year. */
export const TERMS = ["S1", "S2", "Q1", "Q2", "Q3", "Q4", "T1", "T2", "T3", "Y"] as const;

/**
 * Four-year cohort outcomes: GRD regular diploma; CON still enrolled; DRP dropout; CHS CHSPE or
 * adult-education certificate (not a graduate); TRO documented transfer out, EMI emigrated, DEC
 * deceased (the last three leave the cohort).
 */
export const COHORT_OUTCOMES = ["GRD", "CON", "DRP", "CHS", "TRO", "EMI", "DEC"] as const;
export const COHORT_EXITS = ["TRO", "EMI", "DEC"] as const;

export const RESPONDENT_TYPES = ["student", "staff", "parent"] as const;
export type RespondentType = (typeof RESPONDENT_TYPES)[number];

/** Survey instruments: SEL skills (students) and culture-climate (students, staff, parents). */
export const SURVEY_INSTRUMENTS = ["SEL", "CC"] as const;

/** SEL constructs (CORE's four) and culture-climate areas. */
export const SEL_CONSTRUCTS = [
  "growth_mindset",
  "self_efficacy",
  "self_management",
  "social_awareness",
] as const;
export const CLIMATE_AREAS = [
  "teaching_learning",
  "relationships",
  "safety",
  "engagement",
] as const;
export const SURVEY_CONSTRUCTS = [...SEL_CONSTRUCTS, ...CLIMATE_AREAS] as const;
