import type { NetworkLayout } from "./network-layout.ts";
import { correlatedPair } from "./network-layout.ts";
import {
  DISABILITY_MIX,
  EL_AT_ENTRY,
  ELPAC_AT_ENTRY,
  ELPAC_DOWN,
  ELPAC_UP,
  FOSTER_ENTRY,
  FOSTER_STAY,
  GENDER_SHARES,
  HOMELESS_BASE,
  HOMELESS_STAY,
  IFEP_SHARE,
  NEWCOMER_EL_FACTOR,
  RACE_SES_SHIFT,
  RECLASSIFY_BY_LEVEL,
  STATUS,
  STUDENT_SES_SD,
  SURVEY,
  SWD_SHARE,
  TBD_SHARE_OF_NEW,
} from "./parameters.ts";
import type { Random } from "./random.ts";
import { schoolCalendar } from "./school-calendar.ts";
import { EL, EO, IFEP, RFEP, type StudentPopulation, TBD } from "./student-population.ts";

const GENDER_WEIGHTS = [GENDER_SHARES.F, GENDER_SHARES.M, GENDER_SHARES.X];
const DISABILITY_WEIGHTS = DISABILITY_MIX.map(([, share]) => share);

/** How a student enters: the first year's population, a kindergartner, or a newcomer above K. */
export type EntryKind = "initial" | "kindergarten" | "newcomer";

/** Issues statewide student ids: increasing with creation order, with random gaps. */
export class StudentIdSequence {
  private last: number;
  constructor(private readonly rng: Random) {
    this.last = 1_100_000_000 + rng.int(50_000_000);
  }
  next(): number {
    this.last += 1 + this.rng.int(1999);
    return this.last;
  }
}

/**
 * Creates a student in `area` at `grade` for school `year`: demographics drawn from the area's mix,
 * EL history (for the first year's population, past reclassifications with past dates) and the
 * starting latent scores.
 */
export function createStudent(
  population: StudentPopulation,
  layout: NetworkLayout,
  ids: StudentIdSequence,
  rng: Random,
  areaIndex: number,
  grade: number,
  year: number,
  kind: EntryKind,
): number {
  const area = layout.areas[areaIndex]!;
  const district = layout.districts[area.district]!;
  const i = population.add(ids.next());
  population.active[i] = 1;
  population.district[i] = area.district;
  population.area[i] = areaIndex;
  population.grade[i] = grade;
  const gender = rng.weighted(GENDER_WEIGHTS);
  population.gender[i] = gender;
  const total = area.raceWeights[area.raceWeights.length - 1]!;
  const u = rng.next() * total;
  let race = 0;
  while (race < area.raceWeights.length - 1 && u >= area.raceWeights[race]!) race++;
  population.race[i] = race;
  const ses = area.ses + RACE_SES_SHIFT[race]! + STUDENT_SES_SD * rng.normal();
  population.ses[i] = ses;
  const sed = ses < district.sedThreshold;
  population.sed[i] = sed ? 1 : 0;
  const swd = rng.bernoulli(SWD_SHARE * (gender === 1 ? 1.25 : gender === 0 ? 0.75 : 1));
  population.swd[i] = swd ? 1 : 0;
  population.disability[i] = swd ? 1 + rng.weighted(DISABILITY_WEIGHTS) : 0;

  const elChance = Math.min(
    0.9,
    EL_AT_ENTRY[race]! * area.elFactor * (kind === "newcomer" ? NEWCOMER_EL_FACTOR : 1),
  );
  if (kind !== "initial" && rng.bernoulli(TBD_SHARE_OF_NEW)) {
    population.el[i] = TBD;
  } else if (rng.bernoulli(elChance)) {
    population.el[i] = EL;
    population.elpac[i] = 1 + rng.weighted(ELPAC_AT_ENTRY);
    if (kind === "initial") {
      for (let k = 1; k <= grade && population.el[i] === EL; k++)
        advanceEnglish(population, i, rng, year - grade + k, k);
    }
  } else {
    population.el[i] = rng.bernoulli(elChance * IFEP_SHARE * 4) ? IFEP : EO;
  }
  population.foster[i] = rng.bernoulli(FOSTER_ENTRY * (sed ? 3 : 1) * 2) ? 1 : 0;
  population.homeless[i] = rng.bernoulli(HOMELESS_BASE * area.homelessFactor * (sed ? 1.5 : 0.4))
    ? 1
    : 0;

  const [noiseEla, noiseMath] = correlatedPair(rng, STATUS.correlation);
  const status = startingStatus(population, i);
  population.zEla[i] = status.ela + STATUS.noiseSd * noiseEla;
  population.zMath[i] = status.math + STATUS.noiseSd * noiseMath;
  const achievement = (population.zEla[i]! + population.zMath[i]!) / 2;
  population.sel[i] =
    SURVEY.selAchievement * achievement + Math.sqrt(1 - SURVEY.selAchievement ** 2) * rng.normal();
  population.absence[i] = rng.normal();
  population.suspension[i] = rng.normal();
  population.marks[i] = rng.normal();
  population.grade9Year[i] = grade >= 9 ? year - (grade - 9) : 0;
  if (kind === "initial" && grade >= 10) {
    // Years already spent in the area's high school count toward the grade-11 growth effect.
    const high = layout.schools[area.high]!;
    const years = Math.min(2, grade - 9);
    population.hsEla[i] = years * high.effectEla;
    population.hsMath[i] = years * high.effectMath;
    population.hsYears[i] = years;
  }
  return i;
}

/** Mean starting status (z) from SES and traits; the first year's draw and grade-3 readiness. */
function startingStatus(population: StudentPopulation, i: number): { ela: number; math: number } {
  let common = STATUS.centre + STATUS.ses * population.ses[i]!;
  if (population.sed[i]) common += STATUS.sed;
  if (population.swd[i]) common += STATUS.swd;
  let el = 0;
  if (population.el[i] === EL) el = STATUS.el[population.elpac[i]! - 1] ?? 0;
  if (population.el[i] === RFEP) el = STATUS.rfep;
  return { ela: common + el, math: common + 0.7 * el };
}

/**
 * One year of English development for student `i` in `grade` of school `year`: ELPAC level moves,
 * ELs may reclassify (date between the first instructional day and census day, so the status
 * holds on census day), TBD students get their status.
 */
export function advanceEnglish(
  population: StudentPopulation,
  i: number,
  rng: Random,
  year: number,
  grade: number,
): void {
  const status = population.el[i];
  if (status === TBD) {
    const u = rng.next();
    if (u < 0.6) {
      population.el[i] = EL;
      population.elpac[i] = 1 + rng.weighted([0.5, 0.35, 0.15, 0]);
    } else population.el[i] = u < 0.75 ? IFEP : EO;
    return;
  }
  if (status !== EL) return;
  const level = population.elpac[i]!;
  if (grade >= 1 && rng.bernoulli(RECLASSIFY_BY_LEVEL[level - 1] ?? 0)) {
    const calendar = schoolCalendar(year);
    population.el[i] = RFEP;
    population.elpac[i] = 0;
    population.reclassified[i] = Number(
      calendar.days[rng.int(calendar.censusIndex)]!.replaceAll("-", ""),
    );
    return;
  }
  const u = rng.next();
  if (u < ELPAC_UP && level < 4) population.elpac[i] = level + 1;
  else if (u > 1 - ELPAC_DOWN && level > 1) population.elpac[i] = level - 1;
}

/** Yearly foster and homeless status (persistent with some turnover). */
export function advanceCircumstances(
  population: StudentPopulation,
  i: number,
  rng: Random,
  homelessFactor: number,
): void {
  const sed = population.sed[i] === 1;
  population.foster[i] = population.foster[i]
    ? rng.bernoulli(FOSTER_STAY)
      ? 1
      : 0
    : rng.bernoulli(FOSTER_ENTRY * (sed ? 3 : 1))
      ? 1
      : 0;
  population.homeless[i] = population.homeless[i]
    ? rng.bernoulli(HOMELESS_STAY)
      ? 1
      : 0
    : rng.bernoulli(HOMELESS_BASE * homelessFactor * (sed ? 1.5 : 0.4) * 0.55)
      ? 1
      : 0;
}
