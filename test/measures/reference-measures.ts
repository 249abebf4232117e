import { ASSESSMENT_SCALE } from "../../src/domain/assessment-scale.ts";
import type { SchoolLevel, Subject } from "../../src/domain/codes.ts";
import { RACE_GROUPS, SCHOOL_LEVELS } from "../../src/domain/codes.ts";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { censusDay, schoolYearEnd } from "../../src/domain/school-year.ts";

/**
 * An independent computation of the measures in plain TypeScript over CSV-shaped rows (every
 * value a string, flags Y/N, empty = missing), written student by student with maps instead of
 * SQL, for agreement tests on synthetic networks. It follows the documented definitions, not the
 * SQL.
 */

export type CsvRow = Record<string, string>;
/** One school year's rows of every input table, each row with its district_code. */
export type YearTables = Record<string, CsvRow[]>;

export interface ReferenceResult {
  n: number;
  numerator: number | null;
  value: number | null;
  participation: number | null;
}

/** Key of a result: metric|school|level|group. */
export function resultKey(metric: string, school: string, level: string, group: string): string {
  return `${metric}|${school}|${level}|${group}`;
}

interface Unit {
  district: string;
  student: string | null;
  x: number[];
}

class Collector {
  readonly units = new Map<string, Unit[]>();
  add(metric: string, school: string, level: string, unit: Unit): void {
    const key = `${metric}|${school}|${level}`;
    const list = this.units.get(key) ?? [];
    list.push(unit);
    this.units.set(key, list);
  }
}

const flag = (v: string | undefined) => v === "Y";
const num = (v: string | undefined) => Number(v);

export function referenceMeasures(
  framework: Framework,
  year: number,
  current: YearTables,
  prior: YearTables,
): Map<string, ReferenceResult> {
  const rows = (t: string) => current[t] ?? [];
  const schoolLevels = new Map<string, Set<string>>();
  const staffCount = new Map<string, number>();
  for (const s of rows("schools")) {
    schoolLevels.set(s.school_code!, new Set(s.school_levels!.split(";")));
    staffCount.set(s.school_code!, num(s.staff_count));
  }
  const levelOf = (school: string, grade: number, levels: readonly SchoolLevel[]) => {
    for (const level of SCHOOL_LEVELS) {
      const [lo, hi] = framework.school_levels[level].grades;
      if (
        levels.includes(level) &&
        schoolLevels.get(school)?.has(level) &&
        grade >= lo &&
        grade <= hi
      )
        return level;
    }
    return null;
  };
  const levelsOf = (school: string, levels: readonly SchoolLevel[]) =>
    levels.filter((l) => schoolLevels.get(school)?.has(l));

  const groups = new Map<string, string[]>();
  const reporting = new Set<string>(framework.student_groups.reporting);
  for (const s of rows("students")) {
    const g: string[] = [];
    if ((RACE_GROUPS as readonly string[]).includes(s.race_ethnicity!)) g.push(s.race_ethnicity!);
    if (s.el_status === "EL") g.push("EL");
    if (s.el_status === "RFEP") g.push("RFEP");
    if (flag(s.sed)) g.push("SED");
    if (flag(s.swd)) g.push("SWD");
    if (flag(s.foster)) g.push("FOS");
    if (flag(s.homeless)) g.push("HOM");
    groups.set(
      `${s.district_code}|${s.student_id}`,
      g.filter((x) => reporting.has(x)),
    );
  }

  const c = new Collector();
  const m = framework.measures;
  const allOnly = new Set<string>();
  const reducers = new Map<
    string,
    (units: Unit[]) => { n: number; numerator: number | null; value: number }
  >();
  const percent = (units: Unit[]) => {
    const hits = units.filter((u) => u.x[0] === 1).length;
    return { n: units.length, numerator: hits, value: (100 * hits) / units.length };
  };
  const mean = (units: Unit[]) => ({
    n: units.length,
    numerator: null,
    value: units.reduce((a, u) => a + u.x[0]!, 0) / units.length,
  });

  // Academic performance and distance from standard.
  for (const subject of ["ELA", "MATH"] as Subject[]) {
    const perf = m[subject === "ELA" ? "ela_performance" : "math_performance"];
    const dfs = m[subject === "ELA" ? "ela_distance_from_standard" : "math_distance_from_standard"];
    const perfId = `${subject.toLowerCase()}_performance`;
    const dfsId = `${subject.toLowerCase()}_distance_from_standard`;
    for (const t of rows("test_results")) {
      if (t.subject !== subject) continue;
      const grade = num(t.grade);
      const unit = { district: t.district_code!, student: t.student_id! };
      if (perf?.grades.includes(grade)) {
        const level = levelOf(t.school_code!, grade, perf.school_levels);
        const met = perf.proficient_levels.includes(num(t.achievement_level)) ? 1 : 0;
        if (level) c.add(perfId, t.school_code!, level, { ...unit, x: [met] });
      }
      if (dfs?.grades.includes(grade)) {
        const level = levelOf(t.school_code!, grade, dfs.school_levels);
        const cut = ASSESSMENT_SCALE[subject][grade]!.level3;
        if (level) c.add(dfsId, t.school_code!, level, { ...unit, x: [num(t.scale_score) - cut] });
      }
    }
    if (perf) {
      reducers.set(perfId, percent);
    }
    if (dfs) {
      reducers.set(dfsId, mean);
    }
  }

  // Enrollment days per district|student|school|level (for a measure's grades).
  const stintsBy = (grades: readonly number[], levels: readonly SchoolLevel[]) => {
    const out = new Map<
      string,
      {
        district: string;
        student: string;
        school: string;
        level: string;
        enrolled: number;
        absent: number;
      }
    >();
    for (const e of rows("enrollments")) {
      const grade = num(e.grade);
      if (!grades.includes(grade)) continue;
      const level = levelOf(e.school_code!, grade, levels);
      if (!level) continue;
      const key = `${e.district_code}|${e.student_id}|${e.school_code}|${level}`;
      const agg = out.get(key) ?? {
        district: e.district_code!,
        student: e.student_id!,
        school: e.school_code!,
        level,
        enrolled: 0,
        absent: 0,
      };
      agg.enrolled += num(e.days_enrolled);
      agg.absent += num(e.days_absent);
      out.set(key, agg);
    }
    return [...out.values()];
  };

  if (m.chronic_absence) {
    const s = m.chronic_absence;
    for (const a of stintsBy(s.grades, s.school_levels)) {
      if (a.enrolled < s.min_days_enrolled) continue;
      const chronic = a.absent / a.enrolled >= s.absence_threshold_percent / 100 - 1e-12 ? 1 : 0;
      c.add("chronic_absence", a.school, a.level, {
        district: a.district,
        student: a.student,
        x: [chronic],
      });
    }
    reducers.set("chronic_absence", percent);
  }

  if (m.suspension) {
    const s = m.suspension;
    const suspended = new Set(
      rows("discipline")
        .filter((d) => (s.actions as readonly string[]).includes(d.action!))
        .map((d) => `${d.student_id}|${d.school_code}`),
    );
    for (const a of stintsBy(s.grades, s.school_levels)) {
      const hit = suspended.has(`${a.student}|${a.school}`) ? 1 : 0;
      c.add("suspension", a.school, a.level, {
        district: a.district,
        student: a.student,
        x: [hit],
      });
    }
    reducers.set("suspension", percent);
  }

  if (m.graduation) {
    const s = m.graduation;
    for (const g of rows("graduation_cohort")) {
      if ((s.excluded_outcomes as readonly string[]).includes(g.outcome!)) continue;
      const hit = (s.graduate_outcomes as readonly string[]).includes(g.outcome!) ? 1 : 0;
      for (const level of levelsOf(g.school_code!, s.school_levels))
        c.add("graduation", g.school_code!, level, {
          district: g.district_code!,
          student: g.student_id!,
          x: [hit],
        });
    }
    reducers.set("graduation", percent);
  }

  if (m.hs_readiness) {
    const s = m.hs_readiness;
    const year = new Map<string, { enrolled: number; absent: number }>();
    for (const e of rows("enrollments")) {
      const y = year.get(e.student_id!) ?? { enrolled: 0, absent: 0 };
      y.enrolled += num(e.days_enrolled);
      y.absent += num(e.days_absent);
      year.set(e.student_id!, y);
    }
    const points = new Map<string, number[]>();
    const dOrF = new Set<string>();
    for (const mk of rows("course_marks")) {
      const p = (s.gpa_points as Record<string, number | undefined>)[mk.mark!];
      if (p !== undefined) points.set(mk.student_id!, [...(points.get(mk.student_id!) ?? []), p]);
      if (
        (s.no_d_or_f_in as readonly string[]).includes(mk.subject_area!) &&
        (s.d_or_f_marks as readonly string[]).includes(mk.mark!)
      )
        dOrF.add(mk.student_id!);
    }
    const disciplined = new Set(
      rows("discipline")
        .filter((d) => (s.no_discipline_actions as readonly string[]).includes(d.action!))
        .map((d) => d.student_id!),
    );
    for (const a of stintsBy([s.grade], s.school_levels)) {
      if (a.enrolled < s.min_days_enrolled) continue;
      const p = points.get(a.student);
      const gpa = p ? p.reduce((x, y) => x + y, 0) / p.length : -1;
      const y = year.get(a.student)!;
      const attendance = (100 * (y.enrolled - y.absent)) / y.enrolled;
      const ready =
        gpa >= s.gpa_min &&
        attendance >= s.attendance_min_percent - 1e-9 &&
        !dOrF.has(a.student) &&
        !disciplined.has(a.student);
      c.add("hs_readiness", a.school, a.level, {
        district: a.district,
        student: a.student,
        x: [ready ? 1 : 0],
      });
    }
    reducers.set("hs_readiness", percent);
  }

  if (m.el_redesignation) {
    const s = m.el_redesignation;
    const priorCensus = new Set(
      (prior.enrollments ?? [])
        .filter((e) => flag(e.census_day))
        .map((e) => `${e.district_code}|${e.student_id}`),
    );
    const priorEl = new Set(
      (prior.students ?? [])
        .filter(
          (st) => st.el_status === "EL" && priorCensus.has(`${st.district_code}|${st.student_id}`),
        )
        .map((st) => st.student_id!),
    );
    const now = new Map(rows("students").map((st) => [`${st.district_code}|${st.student_id}`, st]));
    const from = censusDay(year - 1);
    const to = s.window_end === "census" ? censusDay(year) : schoolYearEnd(year);
    const seen = new Set<string>();
    for (const e of rows("enrollments")) {
      if (!flag(e.census_day) || !priorEl.has(e.student_id!)) continue;
      const level = levelOf(e.school_code!, num(e.grade), s.school_levels);
      if (!level) continue;
      const key = `${e.district_code}|${e.student_id}|${e.school_code}|${level}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const st = now.get(`${e.district_code}|${e.student_id}`);
      const date = st?.reclassification_date ?? "";
      const hit = st?.el_status === "RFEP" && date > from && date <= to ? 1 : 0;
      c.add("el_redesignation", e.school_code!, level, {
        district: e.district_code!,
        student: e.student_id!,
        x: [hit],
      });
    }
    allOnly.add("el_redesignation");
    reducers.set("el_redesignation", percent);
  }

  // Surveys.
  const respondents = new Map(
    rows("survey_respondents").map((r) => [`${r.district_code}|${r.respondent_id}`, r]),
  );
  const items = new Map(rows("survey_items").map((i) => [`${i.district_code}|${i.item_id}`, i]));
  const answersBy = new Map<string, { item: CsvRow; score: number }[]>();
  for (const x of rows("survey_responses")) {
    const key = `${x.district_code}|${x.respondent_id}`;
    const item = items.get(`${x.district_code}|${x.item_id}`)!;
    const score = flag(item.reverse_coded) ? 6 - num(x.answer) : num(x.answer);
    answersBy.set(key, [...(answersBy.get(key) ?? []), { item, score }]);
  }
  const censusPopulation = (grades: readonly number[], levels: readonly SchoolLevel[]) => {
    const pop = new Map<string, Set<string>>();
    for (const e of rows("enrollments")) {
      if (!flag(e.census_day) || !grades.includes(num(e.grade))) continue;
      const level = levelOf(e.school_code!, num(e.grade), levels);
      if (!level) continue;
      const key = `${e.school_code}|${level}`;
      pop.set(key, (pop.get(key) ?? new Set()).add(e.student_id!));
    }
    return new Map([...pop].map(([k, v]) => [k, v.size]));
  };
  const participation = new Map<string, number | null>();

  if (m.sel_skills) {
    const s = m.sel_skills;
    const itemCount = new Map<string, number>();
    for (const i of rows("survey_items"))
      if (
        i.instrument === "SEL" &&
        i.respondent_type === "student" &&
        (s.constructs as readonly string[]).includes(i.construct!)
      )
        itemCount.set(
          `${i.district_code}|${i.construct}`,
          (itemCount.get(`${i.district_code}|${i.construct}`) ?? 0) + 1,
        );
    const respondentsAt = new Map<string, Set<string>>();
    let respondentNumber = 0;
    for (const [key, r] of respondents) {
      respondentNumber++;
      if (r.respondent_type !== "student" || !s.grades.includes(num(r.grade))) continue;
      const level = levelOf(r.school_code!, num(r.grade), s.school_levels);
      if (!level) continue;
      const byConstruct = new Map<string, number[]>();
      for (const a of answersBy.get(key) ?? []) {
        if (a.item.instrument !== "SEL" || a.item.respondent_type !== "student") continue;
        if (!(s.constructs as readonly string[]).includes(a.item.construct!)) continue;
        byConstruct.set(a.item.construct!, [
          ...(byConstruct.get(a.item.construct!) ?? []),
          a.score,
        ]);
      }
      for (const [construct, scores] of byConstruct) {
        if (
          scores.length <
          s.min_answered_share * itemCount.get(`${r.district_code}|${construct}`)!
        )
          continue;
        const unit = {
          district: r.district_code!,
          student: r.student_id || null,
          x: [scores.reduce((x, y) => x + y, 0) / scores.length],
        };
        c.add(`sel_${construct}`, r.school_code!, level, unit);
        c.add("sel_skills", r.school_code!, level, {
          ...unit,
          x: [unit.x[0]!, s.constructs.indexOf(construct as never), respondentNumber],
        });
        const at = `${r.school_code}|${level}`;
        respondentsAt.set(at, (respondentsAt.get(at) ?? new Set()).add(key));
      }
    }
    const pop = censusPopulation(s.grades, s.school_levels);
    for (const [at, set] of respondentsAt) {
      const p = pop.get(at);
      const value = p ? (100 * set.size) / p : null;
      for (const construct of s.constructs) participation.set(`sel_${construct}|${at}`, value);
      participation.set(`sel_skills|${at}`, value);
    }
    for (const construct of s.constructs) {
      reducers.set(`sel_${construct}`, mean);
    }
    // Composite: units are respondent × construct (x = score, construct index, respondent number).
    reducers.set("sel_skills", (units) => {
      const perConstruct = new Map<number, number[]>();
      for (const u of units)
        perConstruct.set(u.x[1]!, [...(perConstruct.get(u.x[1]!) ?? []), u.x[0]!]);
      const means = [...perConstruct.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
      return {
        n: new Set(units.map((u) => u.x[2])).size,
        numerator: null,
        value: means.reduce((a, b) => a + b, 0) / means.length,
      };
    });
  }

  if (m.culture_climate) {
    const s = m.culture_climate;
    const counts = new Map<string, number>(); // respondents per type|school|level
    for (const [key, r] of respondents) {
      const type = r.respondent_type!;
      const scored = (answersBy.get(key) ?? []).filter(
        (a) =>
          a.item.instrument === "CC" &&
          a.item.respondent_type === type &&
          (s.areas as readonly string[]).includes(a.item.construct!),
      );
      if (scored.length === 0) continue;
      const favorable = scored.filter((a) => s.favorable_answers.includes(a.score)).length;
      let levels: string[] = [];
      if (type === "student") {
        const grade = num(r.grade);
        const level = s.respondents.student.grades.includes(grade)
          ? levelOf(r.school_code!, grade, s.school_levels)
          : null;
        levels = level ? [level] : [];
      } else if (type === "parent" && r.grade !== "") {
        const level = levelOf(r.school_code!, num(r.grade), s.school_levels);
        levels = level ? [level] : [];
      } else levels = levelsOf(r.school_code!, s.school_levels);
      for (const level of levels) {
        c.add(`culture_climate_${type}`, r.school_code!, level, {
          district: r.district_code!,
          student: type === "student" ? r.student_id || null : null,
          x: [favorable, scored.length],
        });
        const k = `${type}|${r.school_code}|${level}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
    const allGrades = SCHOOL_LEVELS.flatMap((l) => {
      const [lo, hi] = framework.school_levels[l].grades;
      return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    });
    const studentPop = censusPopulation(s.respondents.student.grades, s.school_levels);
    const parentPop = censusPopulation(allGrades, s.school_levels);
    for (const [k, n] of counts) {
      const [type, school, level] = k.split("|") as [string, string, string];
      const pop =
        type === "student"
          ? studentPop.get(`${school}|${level}`)
          : type === "parent"
            ? parentPop.get(`${school}|${level}`)
            : staffCount.get(school);
      participation.set(`culture_climate_${type}|${school}|${level}`, pop ? (100 * n) / pop : null);
    }
    for (const type of ["student", "staff", "parent"]) {
      if (type !== "student") allOnly.add(`culture_climate_${type}`);
      reducers.set(`culture_climate_${type}`, (units) => ({
        n: units.length,
        numerator: null,
        value:
          (100 * units.reduce((a, u) => a + u.x[0]!, 0)) / units.reduce((a, u) => a + u.x[1]!, 0),
      }));
    }
  }

  // Aggregate every collected unit list by group.
  const out = new Map<string, ReferenceResult>();
  for (const [key, units] of c.units) {
    const [metric, school, level] = key.split("|") as [string, string, string];
    const byGroup = new Map<string, Unit[]>([["ALL", units]]);
    if (!allOnly.has(metric))
      for (const u of units) {
        if (!u.student) continue;
        for (const g of groups.get(`${u.district}|${u.student}`) ?? [])
          byGroup.set(g, [...(byGroup.get(g) ?? []), u]);
      }
    for (const [group, list] of byGroup) {
      const r = reducers.get(metric)!(list);
      out.set(resultKey(metric, school, level, group), {
        ...r,
        participation: participation.get(`${metric}|${school}|${level}`) ?? null,
      });
    }
  }

  // Culture-climate combined, from the per-type ALL results.
  if (m.culture_climate) {
    const s = m.culture_climate;
    const floors = s.respondents;
    const bySchool = new Map<string, { value: number; n: number; meets: boolean }[]>();
    for (const [key, r] of out) {
      const [metric, school, level, group] = key.split("|") as [
        string,
        string,
        SchoolLevel,
        string,
      ];
      if (!metric.startsWith("culture_climate_") || group !== "ALL") continue;
      const type = metric.slice("culture_climate_".length) as "student" | "staff" | "parent";
      const meets =
        r.participation !== null && r.participation >= floors[type].participation_floor[level];
      const k = `${school}|${level}`;
      bySchool.set(k, [...(bySchool.get(k) ?? []), { value: r.value!, n: r.n, meets }]);
    }
    for (const [k, list] of bySchool) {
      const used = list.some((x) => x.meets) ? list.filter((x) => x.meets) : list;
      const [school, level] = k.split("|") as [string, string];
      out.set(resultKey("culture_climate", school, level, "ALL"), {
        n: used.reduce((a, x) => a + x.n, 0),
        numerator: null,
        value: used.reduce((a, x) => a + x.value, 0) / used.length,
        participation: null,
      });
    }
  }
  return out;
}
