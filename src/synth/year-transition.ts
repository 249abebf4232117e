import type { NetworkLayout, SynthDistrict } from "./network-layout.ts";
import {
  CONTINUATION_PLACEMENT,
  LATE_ARRIVAL_SHARE,
  MIDYEAR_ARRIVALS,
  RETAIN_9,
  RETAIN_K8,
  SUMMER_ARRIVALS,
  SUMMER_LEAVE,
  SUMMER_MOVE_AREA,
  SUMMER_MOVE_DISTRICT,
  TEST_DAY,
} from "./parameters.ts";
import type { Random } from "./random.ts";
import {
  advanceCircumstances,
  advanceEnglish,
  createStudent,
  type EntryKind,
  type StudentIdSequence,
} from "./student-factory.ts";
import {
  FATE_CONTINUE_GRADE12,
  FATE_GRADUATE,
  FATE_LEAVE,
  FATE_OTHER_DISTRICT,
  FATE_STAY,
  type StudentPopulation,
} from "./student-population.ts";

/** What the yearly flows need: the population, the layout, ids and a random stream. */
export interface FlowContext {
  readonly population: StudentPopulation;
  readonly layout: NetworkLayout;
  readonly ids: StudentIdSequence;
  /** Cumulative area cohorts per district, for drawing an area. */
  readonly areaWeights: Float64Array[];
}

export function flowContext(
  population: StudentPopulation,
  layout: NetworkLayout,
  ids: StudentIdSequence,
): FlowContext {
  const areaWeights = layout.districts.map((district) => {
    const weights = new Float64Array(district.areas.length);
    let sum = 0;
    district.areas.forEach((a, k) => {
      sum += layout.areas[a]!.cohort;
      weights[k] = sum;
    });
    return weights;
  });
  return { population, layout, ids, areaWeights };
}

/** The school a student attends by default: a placement (charter, continuation) or the area's. */
export function defaultSchool(context: FlowContext, i: number): number {
  const { population, layout } = context;
  const placement = population.placement[i]!;
  if (placement >= 0) return placement;
  const area = layout.areas[population.area[i]!]!;
  const grade = population.grade[i]!;
  if (grade <= 5) return area.elementary;
  if (grade <= 8) return area.middle;
  return area.high;
}

/** An area of `district` drawn by size, different from `except` when possible. */
export function drawArea(context: FlowContext, district: number, rng: Random, except = -1): number {
  const areas = context.layout.districts[district]!.areas;
  const weights = context.areaWeights[district]!;
  for (let attempt = 0; attempt < 8; attempt++) {
    const u = rng.next() * weights[weights.length - 1]!;
    let k = 0;
    while (k < weights.length - 1 && u >= weights[k]!) k++;
    if (areas[k] !== except || areas.length === 1) return areas[k]!;
  }
  return areas[0]!;
}

/** The first year's population: every area's cohorts in grades K–12, then mid-year arrivals. */
export function populateFirstYear(context: FlowContext, year: number, rng: Random): void {
  for (const area of context.layout.areas) {
    for (let grade = 0; grade <= 12; grade++) {
      const count = Math.max(0, Math.round(area.cohort * (1 + 0.04 * rng.normal())));
      for (let k = 0; k < count; k++) {
        const i = createStudent(
          context.population,
          context.layout,
          context.ids,
          rng,
          area.index,
          grade,
          year,
          "initial",
        );
        placeStudent(context, i, rng, true);
      }
    }
  }
  addArrivals(context, year, rng, MIDYEAR_ARRIVALS, true);
}

/**
 * From the end of one year to the start of `year`: leavers leave, movers move, grades advance (rare
 * retention), English and circumstances evolve, charters and continuation schools take students,
 * new kindergartners and newcomers arrive (some of them mid-year).
 */
export function advanceYear(context: FlowContext, year: number, rng: Random): void {
  const { population, layout } = context;
  const districtCount = layout.districts.length;
  const size = population.size;
  for (let i = 0; i < size; i++) {
    if (!population.active[i]) continue;
    let fate = population.fate[i]!;
    if (fate === FATE_STAY) {
      const u = rng.next();
      if (u < SUMMER_LEAVE) fate = FATE_LEAVE;
      else if (districtCount > 1 && u < SUMMER_LEAVE + SUMMER_MOVE_DISTRICT)
        fate = FATE_OTHER_DISTRICT;
      else if (u < SUMMER_LEAVE + SUMMER_MOVE_DISTRICT + SUMMER_MOVE_AREA) {
        population.area[i] = drawArea(context, population.district[i]!, rng, population.area[i]!);
        population.placement[i] = -1;
      }
    }
    if (fate === FATE_LEAVE || fate === FATE_GRADUATE) {
      population.active[i] = 0;
      continue;
    }
    if (fate === FATE_OTHER_DISTRICT) {
      let district = rng.int(districtCount - 1);
      if (district >= population.district[i]!) district++;
      population.district[i] = district;
      population.area[i] = drawArea(context, district, rng);
      population.placement[i] = -1;
    }
    const grade = population.grade[i]!;
    let next = grade + 1;
    if (fate === FATE_CONTINUE_GRADE12) next = 12;
    else if (grade <= 8 && rng.bernoulli(RETAIN_K8)) next = grade;
    else if (grade === 9 && rng.bernoulli(RETAIN_9)) next = grade;
    population.grade[i] = next;
    if (next === 9 && population.grade9Year[i] === 0) population.grade9Year[i] = year;
    population.fate[i] = FATE_STAY;
    population.entryDay[i] = 0;
    advanceEnglish(population, i, rng, year, next);
    advanceCircumstances(population, i, rng, layout.areas[population.area[i]!]!.homelessFactor);
    placeStudent(context, i, rng, false);
  }
  for (const area of layout.areas) {
    const count = Math.max(0, Math.round(area.cohort * (1 + 0.03 * rng.normal())));
    for (let k = 0; k < count; k++) arrive(context, area.index, 0, year, rng, "kindergarten", 0);
  }
  addArrivals(context, year, rng, SUMMER_ARRIVALS, false);
  addArrivals(context, year, rng, MIDYEAR_ARRIVALS, true);
}

function addArrivals(
  context: FlowContext,
  year: number,
  rng: Random,
  share: number,
  midyear: boolean,
): void {
  for (const district of context.layout.districts) {
    const count = Math.round(district.targetStudents * share);
    for (let k = 0; k < count; k++) {
      const area = drawArea(context, district.index, rng);
      const grade = 1 + rng.int(12);
      let day = 0;
      if (midyear)
        day = rng.bernoulli(LATE_ARRIVAL_SHARE) ? 150 + rng.int(30) : 1 + rng.int(TEST_DAY - 1);
      arrive(context, area, grade, year, rng, "newcomer", day);
    }
  }
}

function arrive(
  context: FlowContext,
  area: number,
  grade: number,
  year: number,
  rng: Random,
  kind: EntryKind,
  day: number,
): void {
  const i = createStudent(
    context.population,
    context.layout,
    context.ids,
    rng,
    area,
    grade,
    year,
    kind,
  );
  context.population.entryDay[i] = day;
  placeStudent(context, i, rng, true);
}

/**
 * Charter and continuation placements: a charter keeps its students while it serves their grade;
 * students join a charter at its entry grade (any grade in the first year, as a stock), by lottery
 * with odds seats / district cohort; grade 10–12 students at risk go to continuation schools.
 */
function placeStudent(context: FlowContext, i: number, rng: Random, firstTime: boolean): void {
  const { population, layout } = context;
  const grade = population.grade[i]!;
  const current = population.placement[i]!;
  if (current >= 0) {
    const school = layout.schools[current]!;
    if (grade <= school.high) return;
    population.placement[i] = -1;
  }
  const district: SynthDistrict = layout.districts[population.district[i]!]!;
  const cohort = district.targetStudents / 13;
  let u = rng.next();
  for (const c of district.charters) {
    const school = layout.schools[c]!;
    const entering = firstTime ? grade >= school.low && grade <= school.high : grade === school.low;
    if (!entering) continue;
    const chance = school.seatsPerGrade / cohort;
    if (u < chance) {
      population.placement[i] = c;
      return;
    }
    u -= chance;
  }
  if (grade >= 10 && district.continuations.length > 0) {
    const risk = Math.exp(0.8 * population.absence[i]! - 0.5 * population.zEla[i]!);
    const years = firstTime ? grade - 9 : 1;
    if (rng.bernoulli(Math.min(0.5, CONTINUATION_PLACEMENT * risk * years))) {
      population.placement[i] = district.continuations[rng.int(district.continuations.length)]!;
    }
  }
}
