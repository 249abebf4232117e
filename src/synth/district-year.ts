import { join } from "node:path";
import { achievementLevel } from "../domain/assessment-scale.ts";
import { attendancePeriodsTable } from "../domain/format/attendance-periods.ts";
import { courseMarksTable } from "../domain/format/course-marks.ts";
import { disciplineTable } from "../domain/format/discipline.ts";
import { enrollmentsTable } from "../domain/format/enrollments.ts";
import { graduationCohortTable } from "../domain/format/graduation-cohort.ts";
import { schoolsTable } from "../domain/format/schools.ts";
import { studentsTable } from "../domain/format/students.ts";
import { testResultsTable } from "../domain/format/test-results.ts";
import { type Course, courseList, courseListFor, markFor } from "./course-marks.ts";
import { CsvFileWriter, csvText } from "./csv-file-writer.ts";
import { type MonthAttendance, splitByMonth } from "./monthly-attendance.ts";
import type { SynthDistrict, SynthSchool } from "./network-layout.ts";
import { correlatedPair } from "./network-layout.ts";
import {
  ABSENCE,
  COHORT_EXIT,
  DISABILITY_MIX,
  EXIT_REAPPEARS_ELSEWHERE,
  GRADUATION,
  INSTRUCTIONAL_DAYS,
  MARKS_MODEL,
  MIDYEAR_EXIT,
  MIDYEAR_MOVE,
  NOISE_CORRELATION,
  NOISE_SD,
  NOISE_SD_11,
  NON_GRADUATE,
  RACE_ORDER,
  STAFF_RATIO,
  SURVEY_DAY,
  SUSPENSION,
  TEST_ABSENT,
  TEST_DAY,
} from "./parameters.ts";
import { MAX_RELATIVE_DROP, type PlantedChange, type PlantedChanges } from "./planted-changes.ts";
import type { PlantedTruth } from "./planted-truth.ts";
import { binomialUpperTail, logistic, type Random } from "./random.ts";
import type { SchoolCalendar } from "./school-calendar.ts";
import {
  growthSlopes,
  growthTraitEffect,
  INTERCEPT,
  observedScore,
  SCORE_MODELS,
  semAt,
} from "./score-model.ts";
import {
  EL,
  FATE_CONTINUE_GRADE12,
  FATE_GRADUATE,
  FATE_LEAVE,
  FATE_OTHER_DISTRICT,
  FATE_STAY,
} from "./student-population.ts";
import { type SurveyFrame, writeSurveys } from "./survey-writer.ts";
import { defaultSchool, drawArea, type FlowContext } from "./year-transition.ts";

const LAST_DAY = INSTRUCTIONAL_DAYS - 1;
const GENDERS = ["F", "M", "X"];
const EL_CODES = ["EO", "IFEP", "EL", "RFEP", "TBD"];
const ACTIONS = ["ISS", "OSS", "EXP"];
const columnsOf = (spec: { columns: readonly { name: string }[] }): string[] =>
  spec.columns.map((c) => c.name);

/** Everything one submission (district × year) is simulated with. */
export interface DistrictYearContext {
  readonly flow: FlowContext;
  readonly truth: PlantedTruth;
  readonly year: number;
  readonly yearIndex: number;
  readonly calendar: SchoolCalendar;
  readonly rng: Random;
  /** z of growth per z of the school-grade mean prior (grades 4–8); 0 plants none. */
  readonly contextualEffect: number;
  /**
   * Draws of what the yearly files do not show (months, term marks of grades 6, 7, 10–12, planted
   * changes): a stream of its own, so the yearly files draw the same numbers as without it.
   */
  readonly periodicRng: Random;
  readonly changes: PlantedChanges;
}

interface Stint {
  school: number;
  from: number;
  to: number;
  /** Whether the stint ends with an exit (exit_date written). */
  closed: boolean;
}

/**
 * Simulates one school year of one district and writes its submission into `dir`: who is
 * enrolled where (with mid-year moves and exits), attendance, discipline, test scores (updating
 * each student's latent scores), course marks, the graduation cohort, students and schools, and
 * the surveys. Returns the row count of each file.
 */
export function simulateDistrictYear(
  context: DistrictYearContext,
  district: SynthDistrict,
  dir: string,
): Record<string, number> {
  const { flow, truth, year, yearIndex, calendar, rng, contextualEffect, periodicRng, changes } =
    context;
  const { population: pop, layout } = flow;
  const intake = contextualEffect === 0 ? undefined : intakeMeans(flow, district);
  const days = calendar.days;
  const schools = layout.schools;
  const yearShift = new Map<number, number>();
  for (const s of district.schools) yearShift.set(s, ABSENCE.yearSd * rng.normal());
  const censusCount = new Map<number, number>();
  const surveyStudents = new Map<number, number[]>();
  for (const s of district.schools) {
    censusCount.set(s, 0);
    surveyStudents.set(s, []);
  }

  const open = (spec: { file: string; columns: readonly { name: string }[] }): CsvFileWriter =>
    new CsvFileWriter(join(dir, spec.file), columnsOf(spec));
  const studentsOut = open(studentsTable);
  const enrollmentsOut = open(enrollmentsTable);
  const testsOut = open(testResultsTable);
  const disciplineOut = open(disciplineTable);
  const marksOut = open(courseMarksTable);
  const periodsOut = open(attendancePeriodsTable);
  const monthBounds = monthPeriods(year);
  const months: MonthAttendance[] = [];
  const changeStart = new Map<number, number>();
  for (const s of district.schools) {
    const change = changes.changeOf(s, yearIndex);
    if (!change) continue;
    const day = calendar.monthOf.findIndex((m) => m >= change.startMonth);
    changeStart.set(s, day);
    changes.setStartDate(s, days[day]!);
  }
  const cohortOut = open(graduationCohortTable);
  let actionCounter = 0;
  const stints: Stint[] = [
    { school: 0, from: 0, to: 0, closed: false },
    { school: 0, from: 0, to: 0, closed: false },
  ];

  for (let i = 0; i < pop.size; i++) {
    if (!pop.active[i] || pop.district[i] !== district.index) continue;
    const grade = pop.grade[i]!;
    const id = String(pop.id[i]!);
    const home = defaultSchool(flow, i);
    const start = pop.entryDay[i]!;
    const inCohort = grade >= 11 && pop.grade9Year[i] === year - 3;
    let fate = grade === 12 ? FATE_GRADUATE : FATE_STAY;
    let outcome = "";
    let stintCount = 1;
    const first = stints[0]!;
    first.school = home;
    first.from = start;
    first.to = LAST_DAY;
    first.closed = false;
    const homeAbsence = absenceProbability(pop, i, schools[home]!, grade, yearShift.get(home) ?? 0);

    if (inCohort && grade === 12) {
      const u = rng.next();
      if (u < COHORT_EXIT.TRO) outcome = "TRO";
      else if (u < COHORT_EXIT.TRO + COHORT_EXIT.EMI) outcome = "EMI";
      else if (u < COHORT_EXIT.TRO + COHORT_EXIT.EMI + COHORT_EXIT.DEC) outcome = "DEC";
      else if (rng.bernoulli(graduationProbability(pop, i, schools[home]!, homeAbsence)))
        outcome = "GRD";
      else {
        const v = rng.next();
        outcome =
          v < NON_GRADUATE.DRP ? "DRP" : v < NON_GRADUATE.DRP + NON_GRADUATE.CON ? "CON" : "CHS";
      }
      if (outcome === "CON") fate = FATE_CONTINUE_GRADE12;
      else if (outcome !== "GRD") {
        fate = FATE_LEAVE;
        first.to = start + rng.int(LAST_DAY - start);
        first.closed = true;
      }
    } else {
      if (inCohort) outcome = "CON";
      const u = rng.next();
      if (u < MIDYEAR_EXIT && start < LAST_DAY) {
        first.to = start + rng.int(LAST_DAY - start);
        first.closed = true;
        if (inCohort) outcome = "DRP";
        fate =
          layout.districts.length > 1 && rng.bernoulli(EXIT_REAPPEARS_ELSEWHERE) && grade < 12
            ? FATE_OTHER_DISTRICT
            : FATE_LEAVE;
      } else if (u < MIDYEAR_EXIT + MIDYEAR_MOVE && start < LAST_DAY - 1) {
        const area = drawArea(flow, district.index, rng, pop.area[i]!);
        const previousArea = pop.area[i]!;
        const previousPlacement = pop.placement[i]!;
        pop.area[i] = area;
        pop.placement[i] = -1;
        const next = defaultSchool(flow, i);
        if (next !== home) {
          const move = start + 1 + rng.int(LAST_DAY - start - 1);
          first.to = move - 1;
          first.closed = true;
          const second = stints[1]!;
          second.school = next;
          second.from = move;
          second.to = LAST_DAY;
          second.closed = false;
          stintCount = 2;
        } else {
          pop.area[i] = previousArea;
          pop.placement[i] = previousPlacement;
        }
      }
    }

    // Enrollment, attendance and discipline, stint by stint.
    let absentTotal = 0;
    let enrolledTotal = 0;
    for (let k = 0; k < stintCount; k++) {
      const stint = stints[k]!;
      const school = schools[stint.school]!;
      const p =
        k === 0
          ? homeAbsence
          : absenceProbability(pop, i, school, grade, yearShift.get(stint.school) ?? 0);
      const enrolled = stint.to - stint.from + 1;
      let absent = rng.binomial(enrolled, p);
      const monthCount = splitByMonth(calendar, stint.from, stint.to, absent, periodicRng, months);
      const change = changes.changeOf(stint.school, yearIndex);
      let effectiveP = p;
      if (change?.kind === "attendance") {
        // The planted drop, as a share of the school's usual daily absence (at most
        // MAX_RELATIVE_DROP of it), taken off every student's absences from the start month on.
        const usual = truth.absenceRate(yearIndex - 1, stint.school) ?? p;
        const keep = 1 - Math.min(MAX_RELATIVE_DROP, change.size / 100 / usual);
        absent = 0;
        let afterDays = 0;
        for (let m = 0; m < monthCount; m++) {
          const month = months[m]!;
          const after = month.month >= change.startMonth;
          if (after) {
            month.absent = periodicRng.binomial(month.absent, keep);
            afterDays += month.enrolled;
          }
          changes.addAttendance(stint.school, after, month.enrolled, month.absent);
          absent += month.absent;
        }
        effectiveP = p * (1 - ((1 - keep) * afterDays) / enrolled);
      }
      for (let m = 0; m < monthCount; m++) {
        const month = months[m]!;
        periodsOut.write(
          `${id},${school.code},${monthBounds[month.month]},${month.enrolled},${month.absent}`,
        );
      }
      absentTotal += absent;
      enrolledTotal += enrolled;
      const census = stint.from <= calendar.censusIndex && calendar.censusIndex <= stint.to;
      if (census) censusCount.set(stint.school, (censusCount.get(stint.school) ?? 0) + 1);
      if (stint.from <= SURVEY_DAY && SURVEY_DAY <= stint.to)
        surveyStudents.get(stint.school)?.push(i);
      enrollmentsOut.write(
        `${id},${school.code},${grade},${days[stint.from]},${stint.closed ? days[stint.to] : ""},${enrolled},${absent},${census ? "Y" : "N"}`,
      );
      const q = suspensionProbability(pop, i, school, grade) * (enrolled / INSTRUCTIONAL_DAYS);
      truth.addStint(
        yearIndex,
        stint.school,
        effectiveP,
        enrolled,
        binomialUpperTail(enrolled, effectiveP, Math.ceil(enrolled / 10)),
        q,
      );
      if (rng.bernoulli(q)) {
        const count = 1 + rng.geometric(SUSPENSION.repeat);
        const actionDays: number[] = [];
        for (let a = 0; a < count; a++) actionDays.push(stint.from + rng.int(enrolled));
        actionDays.sort((x, y) => x - y);
        for (const day of actionDays) {
          let action = rng.weighted(SUSPENSION.actions);
          if (action === 2 && grade < 4) action = 1;
          actionCounter++;
          disciplineOut.write(
            `A${year}${String(actionCounter).padStart(7, "0")},${id},${school.code},${ACTIONS[action]},${days[day]},${actionDaysFor(action, rng)}`,
          );
        }
      }
    }
    const absenceRate = enrolledTotal > 0 ? absentTotal / enrolledTotal : 0;

    // Scores: the latent update for tested grades, and results for students enrolled on test day.
    const lastStint = stints[stintCount - 1]!;
    const testStint = stintAt(stints, stintCount, TEST_DAY);
    const effectSchool = schools[testStint ? testStint.school : lastStint.school]!;
    if (grade === 9 || grade === 10) {
      pop.hsEla[i]! += effectSchool.effectEla;
      pop.hsMath[i]! += effectSchool.effectMath;
      pop.hsYears[i]! += 1;
    }
    if ((grade >= 3 && grade <= 8) || grade === 11) {
      const context = intake?.get(effectSchool.index * 16 + grade);
      updateLatent(pop, i, grade, effectSchool, rng, {
        ela: context ? contextualEffect * context.ela : 0,
        math: context ? contextualEffect * context.math : 0,
      });
      if (testStint) {
        const both = rng.next() < TEST_ABSENT * 0.7;
        for (let s = 0; s < 2; s++) {
          if (both || rng.next() < TEST_ABSENT * 0.3) continue;
          const model = SCORE_MODELS[s]![grade]!;
          const z = s === 0 ? pop.zEla[i]! : pop.zMath[i]!;
          const sem = semAt(model, z);
          const score = observedScore(model, z, sem, rng.normal());
          truth.addScore(s, grade, sem, score, model.mean + model.sd * z);
          testsOut.write(
            `${id},${schools[testStint.school]!.code},${s === 0 ? "ELA" : "MATH"},${grade},${score},${achievementLevel(model.scale, score)},${sem}`,
          );
        }
      }
    }

    if (grade >= 6) {
      const marks: MarkContext = {
        out: marksOut,
        stints,
        stintCount,
        schools,
        changes,
        yearIndex,
        changeStart,
      };
      // Grades 8 and 9 draw from the yearly stream as they always have; the others from the
      // periodic one.
      if (grade === 8 || grade === 9)
        writeMarks(
          marks,
          pop,
          i,
          id,
          courseList(grade, achievementOf(pop, i), rng),
          absenceRate,
          rng,
        );
      else
        writeMarks(
          marks,
          pop,
          i,
          id,
          courseListFor(grade, achievementOf(pop, i), periodicRng),
          absenceRate,
          periodicRng,
        );
    }

    if (inCohort) {
      const school = schools[lastStint.school]!;
      const date = outcome === "CON" ? "" : outcome === "GRD" ? days[LAST_DAY] : days[lastStint.to];
      cohortOut.write(`${id},${school.code},${year - 3},${outcome},${date}`);
    }

    const disability = pop.disability[i]! > 0 ? DISABILITY_MIX[pop.disability[i]! - 1]![0] : "";
    const el = pop.el[i]!;
    const reclassified = pop.reclassified[i]!;
    studentsOut.write(
      `${id},${GENDERS[pop.gender[i]!]},${RACE_ORDER[pop.race[i]!]},${flag(pop.sed[i]!)},${flag(pop.swd[i]!)},${disability},${EL_CODES[el]},${el === EL ? pop.elpac[i] : ""},${reclassified > 0 && el === 3 ? formatDate(reclassified) : ""},${flag(pop.foster[i]!)},${flag(pop.homeless[i]!)}`,
    );
    pop.fate[i] = fate;
  }

  const schoolsOut = open(schoolsTable);
  const frames: SurveyFrame[] = [];
  for (const s of district.schools) {
    const school = schools[s]!;
    const enrolled = censusCount.get(s) ?? 0;
    const level = school.levels.split(";")[0] as "elementary" | "middle" | "high";
    const staff = enrolled > 0 ? Math.round(STAFF_RATIO.base + enrolled * STAFF_RATIO[level]) : 0;
    schoolsOut.write(
      [
        school.code,
        csvText(school.name),
        district.code,
        csvText(district.name),
        school.low,
        school.high,
        school.levels,
        school.titleI ? "Y" : "N",
        school.charter ? "Y" : "N",
        school.latitude.toFixed(6),
        school.longitude.toFixed(6),
        staff,
      ].join(","),
    );
    frames.push({ school, students: surveyStudents.get(s) ?? [], staffCount: staff });
  }
  const writers = [
    schoolsOut,
    studentsOut,
    enrollmentsOut,
    testsOut,
    disciplineOut,
    marksOut,
    cohortOut,
    periodsOut,
  ];
  const counts: Record<string, number> = {};
  const files = [
    schoolsTable,
    studentsTable,
    enrollmentsTable,
    testResultsTable,
    disciplineTable,
    courseMarksTable,
    graduationCohortTable,
    attendancePeriodsTable,
  ];
  writers.forEach((writer, k) => {
    writer.close();
    counts[files[k]!.file] = writer.rows;
  });
  return { ...counts, ...writeSurveys(dir, frames, pop, rng) };
}

function stintAt(stints: Stint[], count: number, day: number): Stint | undefined {
  for (let k = 0; k < count; k++) {
    const stint = stints[k]!;
    if (stint.from <= day && day <= stint.to) return stint;
  }
  return undefined;
}

type Population = FlowContext["population"];

function absenceProbability(
  pop: Population,
  i: number,
  school: SynthSchool,
  grade: number,
  yearShift: number,
): number {
  let x =
    ABSENCE.base +
    ABSENCE.schoolSd * school.absenceEffect +
    ABSENCE.areaSes * school.ses +
    yearShift;
  x += ABSENCE.studentSd * pop.absence[i]! + (ABSENCE.grade[grade] ?? 0);
  if (pop.sed[i]) x += ABSENCE.sed;
  if (pop.homeless[i]) x += ABSENCE.homeless;
  if (pop.foster[i]) x += ABSENCE.foster;
  if (pop.swd[i]) x += ABSENCE.swd;
  if (school.kind === "continuation") x += 0.9;
  return Math.min(0.9, logistic(x));
}

function suspensionProbability(
  pop: Population,
  i: number,
  school: SynthSchool,
  grade: number,
): number {
  let x =
    SUSPENSION.base +
    SUSPENSION.schoolSd * school.suspensionEffect +
    SUSPENSION.areaSes * school.ses;
  x += SUSPENSION.studentSd * pop.suspension[i]! + (SUSPENSION.grade[grade] ?? 0);
  if (pop.sed[i]) x += SUSPENSION.sed;
  if (pop.swd[i]) x += SUSPENSION.swd;
  if (pop.foster[i]) x += SUSPENSION.foster;
  if (pop.homeless[i]) x += SUSPENSION.homeless;
  if (pop.gender[i] === 1) x += SUSPENSION.male;
  if (school.kind === "continuation") x += 0.7;
  return logistic(x);
}

function graduationProbability(
  pop: Population,
  i: number,
  school: SynthSchool,
  absence: number,
): number {
  let x = GRADUATION.base + GRADUATION.schoolSd * school.graduationEffect;
  x += GRADUATION.ach * ((pop.zEla[i]! + pop.zMath[i]!) / 2) + GRADUATION.absence * absence;
  if (pop.sed[i]) x += GRADUATION.sed;
  if (pop.swd[i]) x += GRADUATION.swd;
  if (pop.el[i] === EL) x += GRADUATION.el;
  if (pop.foster[i]) x += GRADUATION.foster;
  if (pop.homeless[i]) x += GRADUATION.homeless;
  if (school.kind === "continuation") x -= 1;
  return logistic(x);
}

/** The growth equation (see parameters.ts): grades 4–8 one year, grade 11 from grade 8. */
function updateLatent(
  pop: Population,
  i: number,
  grade: number,
  school: SynthSchool,
  rng: Random,
  contextual: { ela: number; math: number },
): void {
  if (grade === 3) return;
  const trait = growthTraitEffect(
    pop.sed[i] === 1,
    pop.swd[i] === 1,
    pop.el[i] === EL ? pop.elpac[i]! : 0,
    pop.homeless[i] === 1,
    pop.foster[i] === 1,
  );
  const [noiseEla, noiseMath] = correlatedPair(rng, NOISE_CORRELATION);
  const ela = pop.zEla[i]!;
  const math = pop.zMath[i]!;
  const e = growthSlopes("ELA", grade);
  const m = growthSlopes("MATH", grade);
  if (grade === 11) {
    const years = pop.hsYears[i]! + 1;
    const effectEla = (pop.hsEla[i]! + school.effectEla) / years;
    const effectMath = (pop.hsMath[i]! + school.effectMath) / years;
    pop.zEla[i] =
      INTERCEPT + e.slope * ela + e.cross * math + 1.5 * trait + effectEla + NOISE_SD_11 * noiseEla;
    pop.zMath[i] =
      INTERCEPT +
      m.slope * math +
      m.cross * ela +
      1.5 * trait +
      effectMath +
      NOISE_SD_11 * noiseMath;
    pop.hsEla[i] = 0;
    pop.hsMath[i] = 0;
    pop.hsYears[i] = 0;
    return;
  }
  pop.zEla[i] =
    INTERCEPT +
    e.slope * ela +
    e.cross * math +
    trait +
    school.effectEla +
    contextual.ela +
    NOISE_SD * noiseEla;
  pop.zMath[i] =
    INTERCEPT +
    m.slope * math +
    m.cross * ela +
    trait +
    school.effectMath +
    contextual.math +
    NOISE_SD * noiseMath;
}

/**
 * The intake of each school × grade 4–8 of `district` before this year's growth: the mean latent
 * prior (ELA, math) of the active students whose home school it is (key school index × 16 +
 * grade). The contextual effect is planted on it: growth that depends on whom the school serves.
 */
function intakeMeans(
  flow: FlowContext,
  district: SynthDistrict,
): Map<number, { ela: number; math: number }> {
  const pop = flow.population;
  const sums = new Map<number, { n: number; ela: number; math: number }>();
  for (let i = 0; i < pop.size; i++) {
    if (!pop.active[i] || pop.district[i] !== district.index) continue;
    const grade = pop.grade[i]!;
    if (grade < 4 || grade > 8) continue;
    const key = defaultSchool(flow, i) * 16 + grade;
    const sum = sums.get(key) ?? { n: 0, ela: 0, math: 0 };
    sum.n++;
    sum.ela += pop.zEla[i]!;
    sum.math += pop.zMath[i]!;
    sums.set(key, sum);
  }
  return new Map([...sums].map(([key, s]) => [key, { ela: s.ela / s.n, math: s.math / s.n }]));
}

/** Where and with what a student's term marks are written. */
interface MarkContext {
  readonly out: CsvFileWriter;
  readonly stints: Stint[];
  readonly stintCount: number;
  readonly schools: readonly SynthSchool[];
  readonly changes: PlantedChanges;
  readonly yearIndex: number;
  /** Day index of each changed school's planted start. */
  readonly changeStart: ReadonlyMap<number, number>;
}

const TERMS: readonly [string, number][] = [
  ["S1", 89],
  ["S2", LAST_DAY],
];
const D_OR_F = new Set(["D+", "D", "D-", "F"]);

function achievementOf(pop: Population, i: number): number {
  return (pop.zEla[i]! + pop.zMath[i]!) / 2;
}

/**
 * A semester mark per course at the school the student is enrolled in on the term's last day; a
 * planted D/F change lifts the marks of the terms that end after it starts.
 */
function writeMarks(
  context: MarkContext,
  pop: Population,
  i: number,
  id: string,
  courses: readonly Course[],
  absenceRate: number,
  rng: Random,
): void {
  const achievement = achievementOf(pop, i);
  for (const [term, day] of TERMS) {
    const stint = stintAt(context.stints, context.stintCount, day);
    if (!stint) continue;
    const code = context.schools[stint.school]!.code;
    const change: PlantedChange | undefined = context.changes.changeOf(
      stint.school,
      context.yearIndex,
    );
    const dfChange = change?.kind === "df" ? change : undefined;
    const after = dfChange !== undefined && context.changeStart.get(stint.school)! <= day;
    const lift = after ? dfChange.size / MARKS_MODEL.studentSd : 0;
    let dOrF = 0;
    for (const course of courses) {
      const mark = markFor(achievement, absenceRate, pop.marks[i]! + lift, course.subject, rng);
      if (D_OR_F.has(mark)) dOrF++;
      const earned = mark === "F" || mark === "I" ? 0 : 5;
      context.out.write(`${id},${code},${term},${course.id},${course.subject},${mark},5,${earned}`);
    }
    if (dfChange) context.changes.addMarks(stint.school, after, courses.length, dOrF);
  }
}

/** Per month (months since July 1), its period columns: `start,end` of the calendar month. */
function monthPeriods(year: number): string[] {
  const out: string[] = [];
  for (let m = 0; m < 12; m++) {
    const y = m < 6 ? year - 1 : year;
    const month = ((m + 6) % 12) + 1;
    const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
    const mm = String(month).padStart(2, "0");
    out.push(`${y}-${mm}-01,${y}-${mm}-${last}`);
  }
  return out;
}

function actionDaysFor(action: number, rng: Random): string {
  if (action === 0) return String([0.5, 1, 1, 1, 2][rng.int(5)]);
  if (action === 1) return String(1 + rng.weighted([0.35, 0.25, 0.25, 0.05, 0.1]));
  return String(20 + rng.int(71));
}

function flag(value: number): string {
  return value ? "Y" : "N";
}

function formatDate(yyyymmdd: number): string {
  const y = Math.floor(yyyymmdd / 10000);
  const m = Math.floor(yyyymmdd / 100) % 100;
  const d = yyyymmdd % 100;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
