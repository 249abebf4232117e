import {
  AREA_COHORT,
  AREA_EL_SD,
  AREA_HOMELESS_SD,
  AREA_RACE_SD,
  AREA_SES_SD,
  CHARTER_SHARE,
  CHARTER_TYPES,
  DISTRICT_SITES,
  DISTRICT_WEIGHTS,
  HIGH_COHORT,
  HIGH_SCHOOLS_PER_CONTINUATION,
  K8_SHARE,
  MIDDLE_COHORT,
  RACE_MIX,
  RACE_SES_SHIFT,
  RACE_SES_TILT,
  RADIUS_KM,
  SCHOOL_EFFECT_CORRELATION,
  SCHOOL_EFFECT_SD,
  SPAN_6_12_SHARE,
  STUDENT_SES_SD,
  TINY_AREA_COHORT,
  TINY_AREA_SHARE,
  TITLE_I_SHARE,
} from "./parameters.ts";
import { normalQuantile, type Random } from "./random.ts";
import { schoolName, uniqueInNetwork } from "./school-names.ts";

export type SchoolKind =
  | "elementary"
  | "k8"
  | "middle"
  | "span612"
  | "high"
  | "continuation"
  | "charter";

/** One school of the synthetic network, with its planted (true) characteristics. */
export interface SynthSchool {
  readonly index: number;
  readonly district: number;
  readonly code: string;
  readonly name: string;
  readonly kind: SchoolKind;
  readonly low: number;
  readonly high: number;
  readonly levels: string;
  readonly charter: boolean;
  titleI: boolean;
  readonly latitude: number;
  readonly longitude: number;
  /** True growth effects (z units), independent of intake. */
  readonly effectEla: number;
  readonly effectMath: number;
  /** Mean SES of the areas it serves (used for propensities, not for growth). */
  ses: number;
  /** School random parts of absence, suspension and graduation logits, and survey climate. */
  readonly absenceEffect: number;
  readonly suspensionEffect: number;
  readonly graduationEffect: number;
  readonly climate: number;
  /** Charters: seats per grade. */
  readonly seatsPerGrade: number;
}

/** An elementary attendance area: where a student lives, which fixes their default schools. */
export interface SynthArea {
  readonly index: number;
  readonly district: number;
  readonly cohort: number;
  readonly elementary: number;
  middle: number;
  high: number;
  readonly ses: number;
  /** Cumulative race weights (RACE_ORDER). */
  readonly raceWeights: Float64Array;
  readonly elFactor: number;
  readonly homelessFactor: number;
}

export interface SynthDistrict {
  readonly index: number;
  readonly code: string;
  readonly name: string;
  readonly targetStudents: number;
  readonly areas: number[];
  readonly schools: number[];
  readonly charters: number[];
  readonly continuations: number[];
  /** Student SES below this is SED. */
  readonly sedThreshold: number;
}

export interface NetworkLayout {
  readonly districts: SynthDistrict[];
  readonly areas: SynthArea[];
  readonly schools: SynthSchool[];
}

const LEVELS: Record<SchoolKind, string> = {
  elementary: "elementary",
  k8: "elementary;middle",
  middle: "middle",
  span612: "middle;high",
  high: "high",
  continuation: "high",
  charter: "",
};

/** Districts, attendance areas and schools (feeder trees, K-8 and 6-12 spans, charters). */
export function buildNetworkLayout(
  students: number,
  districtCount: number,
  rng: Random,
): NetworkLayout {
  const weights: number[] = [];
  for (let d = 0; d < districtCount; d++) {
    weights.push(
      d < DISTRICT_WEIGHTS.length ? DISTRICT_WEIGHTS[d]! : DISTRICT_WEIGHTS[1 + (d % 9)]!,
    );
  }
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const layout: NetworkLayout = { districts: [], areas: [], schools: [] };
  const usedCodes = new Set<string>();
  for (let d = 0; d < districtCount; d++) {
    const site = DISTRICT_SITES[d % DISTRICT_SITES.length]!;
    const round = Math.floor(d / DISTRICT_SITES.length);
    let code = `${site.county}${String(61000 + d * 137 + rng.int(100)).padStart(5, "0")}`;
    while (usedCodes.has(code)) code = `${site.county}${String(10000 + rng.int(89999))}`;
    usedCodes.add(code);
    const target = Math.max(60, Math.round((students * weights[d]!) / totalWeight));
    const name =
      round === 0 ? site.name : `${site.name.replace(" Unified", "")} ${round + 1} Unified`;
    const sesSd = Math.sqrt(AREA_SES_SD ** 2 + STUDENT_SES_SD ** 2);
    const district: SynthDistrict = {
      index: d,
      code,
      name: `${name} School District`,
      targetStudents: target,
      areas: [],
      schools: [],
      charters: [],
      continuations: [],
      sedThreshold: normalQuantile(site.sedShare) * sesSd,
    };
    layout.districts.push(district);
    const centre = {
      lat: site.latitude + round * 0.35,
      lon: site.longitude + round * 0.35,
      radius:
        RADIUS_KM.min + (RADIUS_KM.max - RADIUS_KM.min) * Math.min(1, Math.sqrt(target / 600_000)),
    };
    buildDistrictSchools(layout, district, centre, rng.fork(`district-${d}`));
  }
  return layout;
}

interface Centre {
  lat: number;
  lon: number;
  radius: number;
}

function buildDistrictSchools(
  layout: NetworkLayout,
  district: SynthDistrict,
  centre: Centre,
  rng: Random,
): void {
  let remaining = district.targetStudents / 13;
  let nextCode = 6_000_000 + rng.int(300_000);
  const usedNames = new Set<string>();
  const networkNames = new Set(layout.schools.map((s) => s.name));
  const addSchool = (
    kind: SchoolKind,
    low: number,
    high: number,
    at: { lat: number; lon: number },
    seats = 0,
  ): number => {
    nextCode += 1 + rng.int(40);
    const effects = correlatedPair(rng, SCHOOL_EFFECT_CORRELATION);
    const isCharter = kind === "charter";
    const levels = isCharter ? charterLevels(low, high) : LEVELS[kind];
    const code = `${district.code}${String(nextCode).padStart(7, "0")}`;
    const school: SynthSchool = {
      index: layout.schools.length,
      district: district.index,
      code,
      name: uniqueInNetwork(
        schoolName(kind, low, high, rng, usedNames),
        kind,
        low,
        high,
        code,
        networkNames,
      ),
      kind,
      low,
      high,
      levels,
      charter: isCharter,
      titleI: false,
      latitude: round6(at.lat),
      longitude: round6(at.lon),
      effectEla: SCHOOL_EFFECT_SD * effects[0],
      effectMath: SCHOOL_EFFECT_SD * effects[1],
      ses: 0,
      absenceEffect: rng.normal(),
      suspensionEffect: rng.normal(),
      graduationEffect: rng.normal(),
      climate: rng.normal(),
      seatsPerGrade: seats,
    };
    layout.schools.push(school);
    district.schools.push(school.index);
    return school.index;
  };

  const highSchools: number[] = [];
  while (remaining > 0.5) {
    const highAt = scatter(rng, centre, centre, centre.radius);
    const highTarget = rng.uniform(HIGH_COHORT.min, HIGH_COHORT.max);
    const middles: {
      at: { lat: number; lon: number };
      areas: { cohort: number; at: { lat: number; lon: number } }[];
    }[] = [];
    let highCohort = 0;
    while (highCohort < highTarget && remaining > 0.5) {
      const middleAt = scatter(rng, highAt, centre, 5);
      const middleTarget = rng.uniform(MIDDLE_COHORT.min, MIDDLE_COHORT.max);
      const areas: { cohort: number; at: { lat: number; lon: number } }[] = [];
      let middleCohort = 0;
      while (middleCohort < middleTarget && remaining > 0.5) {
        const tiny = rng.bernoulli(TINY_AREA_SHARE);
        const range = tiny ? TINY_AREA_COHORT : AREA_COHORT;
        let cohort = Math.min(remaining, rng.uniform(range.min, range.max));
        if (remaining - cohort < range.min / 2) cohort = remaining;
        remaining -= cohort;
        middleCohort += cohort;
        areas.push({ cohort, at: scatter(rng, middleAt, centre, 3) });
      }
      highCohort += middleCohort;
      middles.push({ at: middleAt, areas });
    }
    const span612 = middles.length === 1 && rng.bernoulli(SPAN_6_12_SHARE);
    const high = span612 ? addSchool("span612", 6, 12, highAt) : addSchool("high", 9, 12, highAt);
    highSchools.push(high);
    for (const middle of middles) {
      let middleIndex = span612 ? high : -1;
      const areaIndexes: number[] = [];
      middle.areas.forEach((area, position) => {
        // Keep at least the first area in the middle school; later ones may be K-8.
        const k8 = position > 0 && rng.bernoulli(K8_SHARE);
        const elementary = k8
          ? addSchool("k8", 0, 8, area.at)
          : addSchool("elementary", 0, 5, area.at);
        const areaIndex = addArea(layout, district, area.cohort, elementary, rng);
        if (k8) layout.areas[areaIndex]!.middle = elementary;
        areaIndexes.push(areaIndex);
      });
      if (middleIndex < 0) middleIndex = addSchool("middle", 6, 8, middle.at);
      for (const a of areaIndexes) {
        const area = layout.areas[a]!;
        if (area.middle < 0) area.middle = middleIndex;
        area.high = high;
      }
    }
  }

  const continuationCount =
    highSchools.length >= 2
      ? Math.max(1, Math.floor(highSchools.length / HIGH_SCHOOLS_PER_CONTINUATION))
      : 0;
  for (let i = 0; i < continuationCount; i++) {
    district.continuations.push(
      addSchool("continuation", 9, 12, scatter(rng, centre, centre, centre.radius * 0.6)),
    );
  }
  const regular = district.schools.length;
  const charterCount = Math.round(regular * CHARTER_SHARE);
  for (let i = 0; i < charterCount; i++) {
    const type = CHARTER_TYPES[rng.weighted(CHARTER_TYPES.map((t) => t.weight))]!;
    const size = rng.uniform(type.size.min, type.size.max);
    const seats = size / (type.high - type.low + 1);
    const at = scatter(rng, centre, centre, centre.radius);
    district.charters.push(addSchool("charter", type.low, type.high, at, seats));
  }
  assignSchoolContext(layout, district, rng);
}

function addArea(
  layout: NetworkLayout,
  district: SynthDistrict,
  cohort: number,
  elementary: number,
  rng: Random,
): number {
  const ses = AREA_SES_SD * rng.normal();
  const raceWeights = new Float64Array(RACE_MIX.length);
  let cumulative = 0;
  for (let r = 0; r < RACE_MIX.length; r++) {
    cumulative += RACE_MIX[r]! * Math.exp(RACE_SES_TILT[r]! * ses + AREA_RACE_SD * rng.normal());
    raceWeights[r] = cumulative;
  }
  const area: SynthArea = {
    index: layout.areas.length,
    district: district.index,
    cohort,
    elementary,
    middle: -1,
    high: -1,
    ses,
    raceWeights,
    elFactor: Math.exp(AREA_EL_SD * rng.normal() - 0.3 * ses),
    homelessFactor: Math.exp(
      AREA_HOMELESS_SD * rng.normal() - 0.4 * ses - AREA_HOMELESS_SD ** 2 / 2,
    ),
  };
  layout.areas.push(area);
  district.areas.push(area.index);
  return area.index;
}

/** School SES (mean of the areas served, cohort-weighted) and Title I (the poorest share). */
function assignSchoolContext(layout: NetworkLayout, district: SynthDistrict, rng: Random): void {
  const sum = new Map<number, { ses: number; weight: number }>();
  const add = (school: number, ses: number, weight: number): void => {
    const entry = sum.get(school) ?? { ses: 0, weight: 0 };
    entry.ses += ses * weight;
    entry.weight += weight;
    sum.set(school, entry);
  };
  for (const a of district.areas) {
    const area = layout.areas[a]!;
    // Expected student SES includes the mean race shift of the area's mix.
    let shift = 0;
    let previous = 0;
    const total = area.raceWeights[area.raceWeights.length - 1]!;
    for (let r = 0; r < area.raceWeights.length; r++) {
      shift += ((area.raceWeights[r]! - previous) / total) * RACE_SES_SHIFT[r]!;
      previous = area.raceWeights[r]!;
    }
    add(area.elementary, area.ses + shift, area.cohort);
    add(area.middle, area.ses + shift, area.cohort);
    add(area.high, area.ses + shift, area.cohort);
  }
  const ranked: { school: number; ses: number }[] = [];
  for (const s of district.schools) {
    const school = layout.schools[s]!;
    const entry = sum.get(s);
    school.ses = entry ? entry.ses / entry.weight : 0;
    if (school.charter) school.titleI = rng.bernoulli(TITLE_I_SHARE);
    else ranked.push({ school: s, ses: school.ses });
  }
  ranked.sort((x, y) => x.ses - y.ses || x.school - y.school);
  const titleCount = Math.round(ranked.length * TITLE_I_SHARE);
  for (let i = 0; i < titleCount; i++) layout.schools[ranked[i]!.school]!.titleI = true;
}

function charterLevels(low: number, high: number): string {
  const levels: string[] = [];
  if (low <= 5) levels.push("elementary");
  if (low <= 8 && high >= 6) levels.push("middle");
  if (high >= 9) levels.push("high");
  return levels.join(";");
}

/** A point within `radiusKm` of `near`, kept within the district radius of `centre`. */
function scatter(
  rng: Random,
  near: { lat: number; lon: number },
  centre: Centre,
  radiusKm: number,
): { lat: number; lon: number } {
  for (;;) {
    const r = radiusKm * Math.sqrt(rng.next());
    const angle = 2 * Math.PI * rng.next();
    const lat = near.lat + (r * Math.sin(angle)) / 111;
    const lon = near.lon + (r * Math.cos(angle)) / (111 * Math.cos((near.lat * Math.PI) / 180));
    const dy = (lat - centre.lat) * 111;
    const dx = (lon - centre.lon) * 111 * Math.cos((centre.lat * Math.PI) / 180);
    if (Math.hypot(dx, dy) <= centre.radius) return { lat, lon };
  }
}

/** Two standard normals with correlation `rho`. */
export function correlatedPair(rng: Random, rho: number): [number, number] {
  const x = rng.normal();
  const y = rho * x + Math.sqrt(1 - rho * rho) * rng.normal();
  return [x, y];
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
