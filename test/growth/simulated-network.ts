import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import { seededRandom } from "../stats/random.ts";

/**
 * A small network with planted growth, written straight into a warehouse (one district, school
 * year `year` with priors from `year − 1`, and `year − 3` / enrollments for grade 11). Latent
 * scores z are on a unit scale; observed scale score = round(2400 + 100·(z + u)), u ~ N(0, SEM²)
 * with SEM (in z units) set for the subject's reliability and reported in `sem`.
 *
 *   z_g = 0.1 + slope·z_{g−1,same} + cross·z_{g−1,other} + traits + θ_school + γ_school,g
 *         + κ·z̄_{g−1,same} + ε,
 *   ε ~ N(0, 0.5²), γ ~ N(0, gradeEffectSd²) (0 unless set), z̄ the school-grade's mean latent
 *   prior (κ = 0 unless set)
 *
 * School intakes differ (a school mean shifts the priors), independently of θ.
 */
export interface SimulationOptions {
  seed?: number;
  year?: number;
  /** Students per school and grade, one entry per school (grades 4–8 each get that many). */
  schoolSizes: number[];
  /** Grade-11 students per high school (0 = no high schools). */
  highSchoolSize?: number;
  highSchools?: number;
  schoolEffectSd?: number;
  /**
   * SD of a school's effect around its own mean, drawn per grade (default 0): the residuals of a
   * school-grade's students then share one error, correlated across them.
   */
  gradeEffectSd?: number;
  reliability?: { ELA: number; MATH: number };
  /** Report SEMs in test_results (else blank). */
  reportSem?: boolean;
  /** Test grade 4–8 priors at the next school instead of the student's own (a feeder pattern). */
  priorsElsewhere?: boolean;
  /** Correlation of a student's ELA and math priors within an intake, apart from SED (default 0.25). */
  priorCorrelation?: number;
  /**
   * Contextual effect κ (default 0): grades 4–8 also grow by κ × the mean latent prior (same
   * subject) of the school-grade's students, growth that depends on whom the school serves.
   */
  contextualEffect?: number;
}

export const PLANTED = {
  ELA: { slope: 0.7, cross: 0.15 },
  MATH: { slope: 0.75, cross: 0.1 },
  traits: { sed: -0.08, swd: -0.12, el: -0.1, homeless: -0.05, foster: -0.06 },
  noiseSd: 0.5,
} as const;

export interface SimulatedTruth {
  /** School code → true effect per subject (z units of the latent score), without its grades' γ. */
  effects: Map<string, { ELA: number; MATH: number }>;
  /** Tested students with a prior per school (grades 4–8). */
  sizes: Map<string, number>;
  /** High-school code → true effect; grade-11 students credited to the schools of three years. */
  highSchoolEffects: Map<string, { ELA: number; MATH: number }>;
}

const DISTRICT = "0100001";
const SUBJECTS = ["ELA", "MATH"] as const;
const CATEGORIES = ["SLD", "SLI", "AUT", "OHI"];

export function schoolCode(n: number): string {
  return `${DISTRICT}${String(n).padStart(7, "0")}`;
}

export async function simulateNetwork(
  warehouse: Warehouse,
  options: SimulationOptions,
): Promise<SimulatedTruth> {
  const rng = seededRandom(options.seed ?? 1);
  const year = options.year ?? 2024;
  const effectSd = options.schoolEffectSd ?? 0.15;
  const gradeEffectSd = options.gradeEffectSd ?? 0;
  const reliability = options.reliability ?? { ELA: 0.88, MATH: 0.9 };
  const reportSem = options.reportSem ?? true;
  const shared = options.priorCorrelation ?? 0.25;
  const contextual = options.contextualEffect ?? 0;
  // latent prior variance ≈ 1 + intake variance; SEM² = var·(1 − ρ)/ρ gives reliability ρ
  const latentVar = 1 + 0.25;
  const sem = {
    ELA: Math.sqrt((latentVar * (1 - reliability.ELA)) / reliability.ELA),
    MATH: Math.sqrt((latentVar * (1 - reliability.MATH)) / reliability.MATH),
  };
  const schools: string[][] = [];
  const students: string[][] = [];
  const enrollments: string[][] = [];
  const tests: string[][] = [];
  const truth: SimulatedTruth = {
    effects: new Map(),
    sizes: new Map(),
    highSchoolEffects: new Map(),
  };
  let nextStudent = 0;

  const observe = (z: number, subject: "ELA" | "MATH"): [number, number] => {
    const score = Math.round(2400 + 100 * (z + sem[subject] * rng.normal()));
    return [Math.min(3000, Math.max(2000, score)), Math.round(100 * sem[subject] * 10) / 10];
  };
  const test = (
    id: string,
    school: string,
    subject: string,
    grade: number,
    y: number,
    score: [number, number],
  ): void => {
    tests.push([
      DISTRICT,
      String(y),
      id,
      school,
      subject,
      String(grade),
      String(score[0]),
      "2",
      reportSem ? String(score[1]) : "",
    ]);
  };
  const addSchool = (code: string, levels: string, low: number, high: number): void => {
    for (const y of [year - 3, year - 2, year - 1, year])
      schools.push([
        DISTRICT,
        String(y),
        code,
        `School ${code}`,
        "District",
        String(low),
        String(high),
        levels,
        "true",
        "false",
        "36.7",
        "-119.8",
        "40",
      ]);
  };
  const drawStudent = (intake: number) => {
    const sed = rng.uniform() < 0.5 - 0.3 * intake;
    const swd = rng.uniform() < 0.12;
    const el = rng.uniform() < 0.15;
    const homeless = rng.uniform() < 0.04;
    const foster = rng.uniform() < 0.03;
    const common = rng.normal();
    const priorE =
      intake +
      Math.sqrt(shared) * common +
      Math.sqrt(1 - shared) * rng.normal() -
      0.2 * Number(sed);
    const priorM =
      intake +
      Math.sqrt(shared) * common +
      Math.sqrt(1 - shared) * rng.normal() -
      0.2 * Number(sed);
    const t = PLANTED.traits;
    const traitEffect =
      t.sed * Number(sed) +
      t.swd * Number(swd) +
      t.el * Number(el) +
      t.homeless * Number(homeless) +
      t.foster * Number(foster);
    return { sed, swd, el, homeless, foster, prior: { ELA: priorE, MATH: priorM }, traitEffect };
  };
  const studentRow = (id: string, s: ReturnType<typeof drawStudent>): string[] => [
    DISTRICT,
    String(year),
    id,
    "F",
    "HI",
    String(s.sed),
    String(s.swd),
    s.swd ? CATEGORIES[nextStudent % CATEGORIES.length]! : "",
    s.el ? "EL" : "EO",
    s.el ? String(1 + (nextStudent % 4)) : "",
    "",
    String(s.foster),
    String(s.homeless),
  ];
  const current = (
    s: ReturnType<typeof drawStudent>,
    subject: "ELA" | "MATH",
    theta: number,
  ): number => {
    const other = subject === "ELA" ? "MATH" : "ELA";
    return (
      0.1 +
      PLANTED[subject].slope * s.prior[subject] +
      PLANTED[subject].cross * s.prior[other] +
      s.traitEffect +
      theta +
      PLANTED.noiseSd * rng.normal()
    );
  };

  options.schoolSizes.forEach((size, index) => {
    const code = schoolCode(index + 1);
    const effect = { ELA: effectSd * rng.normal(), MATH: effectSd * rng.normal() };
    const intake = 0.5 * rng.normal();
    truth.effects.set(code, effect);
    truth.sizes.set(code, size * 5);
    addSchool(code, "elementary;middle", 0, 8);
    for (let grade = 4; grade <= 8; grade++) {
      // drawn only when set, so that networks without it keep their random sequence
      const gamma =
        gradeEffectSd > 0
          ? { ELA: gradeEffectSd * rng.normal(), MATH: gradeEffectSd * rng.normal() }
          : { ELA: 0, MATH: 0 };
      // drawn ahead only with a contextual effect, so that networks without it keep their sequence
      const cohort =
        contextual !== 0 ? Array.from({ length: size }, () => drawStudent(intake)) : [];
      const context = { ELA: 0, MATH: 0 };
      for (const subject of SUBJECTS)
        context[subject] =
          (contextual * cohort.reduce((a, c) => a + c.prior[subject], 0)) / Math.max(1, size);
      for (let i = 0; i < size; i++) {
        const id = String(1_000_000_000 + nextStudent++);
        const s = cohort[i] ?? drawStudent(intake);
        students.push(studentRow(id, s));
        enrollments.push([
          DISTRICT,
          String(year),
          id,
          code,
          String(grade),
          `${year - 1}-08-15`,
          "",
          "180",
          "5",
          "true",
        ]);
        for (const subject of SUBJECTS) {
          const priorSchool = options.priorsElsewhere
            ? schoolCode(((index + 1) % options.schoolSizes.length) + 1)
            : code;
          test(id, priorSchool, subject, grade - 1, year - 1, observe(s.prior[subject], subject));
          test(
            id,
            code,
            subject,
            grade,
            year,
            observe(
              current(s, subject, effect[subject] + gamma[subject] + context[subject]),
              subject,
            ),
          );
        }
      }
    }
  });

  const highSchools = options.highSchools ?? 0;
  const hsCodes = Array.from({ length: highSchools }, (_, i) => schoolCode(900 + i));
  for (const code of hsCodes) {
    truth.highSchoolEffects.set(code, {
      ELA: effectSd * rng.normal(),
      MATH: effectSd * rng.normal(),
    });
    addSchool(code, "high", 9, 12);
  }
  hsCodes.forEach((home, h) => {
    for (let i = 0; i < (options.highSchoolSize ?? 0); i++) {
      const id = String(1_000_000_000 + nextStudent++);
      const s = drawStudent(0.3 * rng.normal());
      students.push(studentRow(id, s));
      // every fourth student spends grade 9 at the next high school
      const years = [0, 1, 2].map((k) =>
        k === 0 && i % 4 === 0 ? hsCodes[(h + 1) % hsCodes.length]! : home,
      );
      years.forEach((school, k) => {
        enrollments.push([
          DISTRICT,
          String(year - 2 + k),
          id,
          school,
          String(9 + k),
          `${year - 3 + k}-08-15`,
          "",
          "180",
          "5",
          "true",
        ]);
      });
      for (const subject of SUBJECTS) {
        const theta =
          years.reduce((a, school) => a + truth.highSchoolEffects.get(school)![subject], 0) / 3;
        test(id, schoolCode(1), subject, 8, year - 3, observe(s.prior[subject], subject));
        test(id, home, subject, 11, year, observe(current(s, subject, theta), subject));
      }
    }
  });

  const dir = mkdtempSync(join(tmpdir(), "growth-sim-"));
  try {
    const load = async (table: string, columns: string[], rows: string[][]): Promise<void> => {
      if (rows.length === 0) return;
      const file = join(dir, `${table}.csv`);
      writeFileSync(file, [columns.join(","), ...rows.map((r) => r.join(","))].join("\n"));
      await warehouse.run(
        `INSERT INTO ${table} BY NAME SELECT * FROM read_csv('${file}', header = true, all_varchar = true)`,
      );
    };
    const head = ["district_code", "year"];
    await load(
      "schools",
      [
        ...head,
        "school_code",
        "school_name",
        "district_name",
        "low_grade",
        "high_grade",
        "school_levels",
        "title_i",
        "charter",
        "latitude",
        "longitude",
        "staff_count",
      ],
      schools,
    );
    await load(
      "students",
      [
        ...head,
        "student_id",
        "gender",
        "race_ethnicity",
        "sed",
        "swd",
        "disability_category",
        "el_status",
        "elpac_level",
        "reclassification_date",
        "foster",
        "homeless",
      ],
      students,
    );
    await load(
      "enrollments",
      [
        ...head,
        "student_id",
        "school_code",
        "grade",
        "entry_date",
        "exit_date",
        "days_enrolled",
        "days_absent",
        "census_day",
      ],
      enrollments,
    );
    await load(
      "test_results",
      [
        ...head,
        "student_id",
        "school_code",
        "subject",
        "grade",
        "scale_score",
        "achievement_level",
        "sem",
      ],
      tests,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return truth;
}
