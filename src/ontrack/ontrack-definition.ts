import { z } from "zod";
import { MARKS, SUBJECT_AREAS, TERMS } from "../domain/codes.ts";

const term = z.enum(TERMS);
const subject = z.enum(SUBJECT_AREAS);
const share = z.number().min(0).max(1);

/**
 * An on-track or early-warning definition, as data (a YAML file under frameworks/ontrack/): a
 * named, versioned set of indicators, each with its threshold, evaluated for every 9th grader at
 * the end of every grading period from what is known by then. Every computed row carries the
 * definition's id and version. Thresholds follow improvement-tools.md §2 (UChicago/CPS Freshman
 * On-Track; the NHSC/AIR early-warning "ABC" flags); a district makes its own variant by copying a
 * file and changing its numbers.
 */
export const ontrackDefinitionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/),
    version: z.number().int().positive(),
    label: z.string().min(1),
    /** Where the rule comes from. */
    source: z.string().min(1),
    /** The grade whose students are followed (9: the freshman year). */
    grade: z.number().int().min(6).max(12),
    /** Subjects whose failures count as core-course failures. */
    core_subjects: z.array(subject).min(1),
    /** A course's failing marks. */
    failing_marks: z.array(z.enum(MARKS)).min(1),
    /** GPA points of each letter mark (marks not listed, e.g. P, NP, I, W, do not count). */
    gpa_points: z.partialRecord(z.enum(MARKS), z.number().min(0).max(5)),
    /**
     * How many semester failures one failing mark stands for, by term: a semester mark counts 1;
     * a quarter-system school's semester marks are Q2 and Q4 (Q1 and Q3 are progress marks: 0);
     * a full-year mark counts 2. A term not listed counts 0.
     */
    semester_failures_per_mark: z.partialRecord(term, z.number().min(0).max(2)),
    /** The share of the year's credits expected once each term has ended (credits "on pace"). */
    credit_pace: z.partialRecord(term, share),
    /**
     * The indicators the student must meet to be on track; each is optional, so a definition is
     * Chicago's (credits and core failures), the ABC flags (attendance, any failure, GPA,
     * suspension) or a district's mix.
     */
    on_track: z
      .object({
        /** Credits earned by the end of the year (the pace share of it by each term's end). */
        min_credits: z.number().positive().optional(),
        /** At most this many semester failures in core courses. */
        max_core_semester_failures: z.number().int().min(0).optional(),
      })
      .strict(),
    flags: z
      .object({
        /** Flag: missed at least this share of the days enrolled (excused or not). */
        attendance_missed_share: share.optional(),
        /** Flag: at least one failing mark in any course. */
        any_failure: z.boolean().optional(),
        /** Flag: GPA (letter marks; 4.0 scale) at or below this. */
        gpa_at_or_below: z.number().min(0).max(4).optional(),
        /** Flag: at least this many days of suspension (ISS, OSS, expulsion). */
        suspension_days: z.number().positive().optional(),
      })
      .strict(),
  })
  .strict()
  .refine((d) => Object.keys(d.on_track).length > 0 || Object.keys(d.flags).length > 0, {
    message: "a definition needs at least one on-track rule or flag",
  });

export type OntrackDefinition = z.infer<typeof ontrackDefinitionSchema>;
