import { MARKS_MODEL } from "./parameters.ts";
import type { Random } from "./random.ts";

/** A course a student takes in both semesters. */
export interface Course {
  readonly id: string;
  readonly subject: string;
}

const ELECTIVES: Record<number, readonly Course[]> = {
  8: [
    { id: "ART8", subject: "ART" },
    { id: "SPAN1A", subject: "WL" },
    { id: "ELEC8", subject: "OTH" },
  ],
  9: [
    { id: "SPAN1", subject: "WL" },
    { id: "ART1", subject: "ART" },
    { id: "CTE-INTRO", subject: "CTE" },
  ],
};

/** Six courses for grade 8 or 9 (ELA, math, science, social science, PE, one elective). */
export function courseList(grade: number, achievement: number, rng: Random): Course[] {
  const advanced = achievement > 0.8 && rng.bernoulli(0.7);
  const electives = ELECTIVES[grade] ?? ELECTIVES[9]!;
  const elective = electives[rng.int(electives.length)]!;
  if (grade === 8) {
    return [
      { id: "ELA8", subject: "ELA" },
      { id: advanced ? "ALG1" : "MATH8", subject: "MATH" },
      { id: "SCI8", subject: "SCI" },
      { id: "SOC8", subject: "SOC" },
      { id: "PE8", subject: "PE" },
      elective,
    ];
  }
  return [
    { id: "ENG9", subject: "ELA" },
    { id: advanced ? "GEOM" : "ALG1", subject: "MATH" },
    { id: "BIO", subject: "SCI" },
    { id: "WGEO", subject: "SOC" },
    { id: "PE9", subject: "PE" },
    elective,
  ];
}

const SCIENCE = ["CHEM", "PHYS", "ENVSCI"] as const;
const SOCIAL = ["WHIST", "USHIST", "GOV"] as const;
const UPPER_ELECTIVES: readonly Course[] = [
  { id: "SPAN2", subject: "WL" },
  { id: "ART2", subject: "ART" },
  { id: "CTE-2", subject: "CTE" },
  { id: "ELEC-HS", subject: "OTH" },
];

/**
 * Six courses for grade 6, 7 or 10–12 (grades 8 and 9: {@link courseList}): ELA, math, science,
 * social science, PE (grades 6, 7 and 10) or a second elective, and one elective.
 */
export function courseListFor(grade: number, achievement: number, rng: Random): Course[] {
  const elective = UPPER_ELECTIVES[rng.int(UPPER_ELECTIVES.length)]!;
  if (grade <= 7)
    return [
      { id: `ELA${grade}`, subject: "ELA" },
      { id: `MATH${grade}`, subject: "MATH" },
      { id: `SCI${grade}`, subject: "SCI" },
      { id: `SOC${grade}`, subject: "SOC" },
      { id: `PE${grade}`, subject: "PE" },
      { id: `ELEC${grade}`, subject: "OTH" },
    ];
  const k = Math.min(2, grade - 10);
  const advanced = achievement > 0.5;
  const math = ["GEOM", "ALG2", "PRECALC"][Math.min(2, k + (advanced ? 1 : 0))]!;
  return [
    { id: `ENG${grade}`, subject: "ELA" },
    { id: math, subject: "MATH" },
    { id: SCIENCE[k]!, subject: "SCI" },
    { id: SOCIAL[k]!, subject: "SOC" },
    grade === 10 ? { id: "PE10", subject: "PE" } : { id: "ELEC-HS2", subject: "OTH" },
    elective,
  ];
}

const LETTERS = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-"] as const;
const THRESHOLDS = [4.15, 3.85, 3.5, 3.15, 2.85, 2.5, 2.15, 1.85, 1.5, 1.15, 0.85, 0.5] as const;

/**
 * A semester mark from a latent GPA = base + ach × achievement − absence × absence rate + student
 * and course noise (PE a little higher); a few incompletes.
 */
export function markFor(
  achievement: number,
  absenceRate: number,
  studentEffect: number,
  subject: string,
  rng: Random,
): string {
  if (rng.bernoulli(0.003)) return "I";
  const gpa =
    MARKS_MODEL.base +
    MARKS_MODEL.ach * achievement -
    MARKS_MODEL.absence * absenceRate +
    MARKS_MODEL.studentSd * studentEffect +
    MARKS_MODEL.courseSd * rng.normal() +
    (subject === "PE" ? 0.5 : 0);
  for (let k = 0; k < THRESHOLDS.length; k++) if (gpa >= THRESHOLDS[k]!) return LETTERS[k]!;
  return "F";
}
