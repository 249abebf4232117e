import { MARKS, SUBJECT_AREAS, TERMS } from "../codes.ts";
import { CDS_PATTERN, STUDENT_ID_PATTERN, type TableSpec } from "./table-spec.ts";

/** course_marks.csv: end-of-term marks (grades 6-12). */
export const courseMarksTable: TableSpec = {
  table: "course_marks",
  file: "course_marks.csv",
  description:
    "One row per student, course and term with the mark awarded. Used for high-school readiness (grade 8 GPA and D/F marks) and ninth-grade on-track.",
  optional: true,
  key: ["student_id", "school_code", "term", "course_id"],
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
      description: "Must appear in schools.csv.",
    },
    {
      name: "term",
      type: "code",
      required: true,
      codes: TERMS,
      description: "S1/S2 semesters, Q1-Q4 quarters, T1-T3 trimesters, Y full year.",
    },
    {
      name: "course_id",
      type: "text",
      required: true,
      pattern: "[A-Za-z0-9_.-]{1,20}",
      description: "The district's course code.",
    },
    {
      name: "subject_area",
      type: "code",
      required: true,
      codes: SUBJECT_AREAS,
      description:
        "ELA, MATH, SCI science, SOC social science, WL world language, ART, PE, CTE career-technical, OTH other.",
    },
    {
      name: "mark",
      type: "code",
      required: true,
      codes: MARKS,
      description:
        "Letter mark A+ to F (GPA 4.0 to 0; +/- do not change points), P/NP pass/no pass, I incomplete, W withdrawn (P, NP, I, W do not count in GPA).",
    },
    {
      name: "credits_attempted",
      type: "decimal",
      required: true,
      min: 0,
      max: 20,
      description: "Credits attempted.",
    },
    {
      name: "credits_earned",
      type: "decimal",
      required: true,
      min: 0,
      max: 20,
      description: "Credits earned; not more than credits_attempted.",
    },
  ],
};
