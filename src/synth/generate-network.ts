import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { INPUT_TABLES } from "../domain/input-format.ts";
import { simulateDistrictYear } from "./district-year.ts";
import { buildNetworkLayout } from "./network-layout.ts";
import { GENERATOR_VERSION } from "./parameters.ts";
import { PlantedChanges } from "./planted-changes.ts";
import { PlantedTruth } from "./planted-truth.ts";
import { Random } from "./random.ts";
import { CALENDAR_VARIANTS, schoolCalendar } from "./school-calendar.ts";
import { StudentIdSequence } from "./student-factory.ts";
import { StudentPopulation } from "./student-population.ts";
import { advanceYear, flowContext, populateFirstYear } from "./year-transition.ts";

/** What to generate. */
export interface SynthOptions {
  /** Students enrolled in the first year, network-wide. */
  readonly students: number;
  readonly districts: number;
  /** Consecutive school years (spring years), ascending. */
  readonly years: readonly number[];
  readonly seed: number;
  /**
   * Contextual effect (default 0): growth in grades 4–8 that depends on the school's intake rather
   * than its practice, in z per z of the school-grade mean prior (same subject, over the students
   * whose home school it is). Written to truth/growth_parameters.csv (`contextual_effect`).
   */
  readonly contextualEffect?: number;
}

export interface SynthProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

/** Where to write and whom to tell about progress. */
export interface SynthIo {
  readonly outDir: string;
  readonly onProgress?: (progress: SynthProgress) => void;
}

export interface SynthSummary {
  readonly districts: { code: string; name: string; schools: number }[];
  readonly schools: number;
  readonly studentsEver: number;
  readonly submissions: number;
  /** Data rows per input file, summed over submissions. */
  readonly rowCounts: Record<string, number>;
}

export class SynthOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthOptionsError";
  }
}

/** Checks options, throwing a SynthOptionsError that names the bad value. */
export function checkSynthOptions(options: SynthOptions): void {
  const { students, districts, years, seed } = options;
  if (!Number.isInteger(districts) || districts < 1 || districts > 100) {
    throw new SynthOptionsError(
      `invalid districts ${districts}: expected an integer from 1 to 100`,
    );
  }
  if (!Number.isInteger(students) || students < 300 * districts || students > 20_000_000) {
    throw new SynthOptionsError(
      `invalid students ${students}: expected an integer from ${300 * districts} (300 per district) to 20000000`,
    );
  }
  if (years.length === 0) throw new SynthOptionsError("invalid years: no school year given");
  years.forEach((year, k) => {
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new SynthOptionsError(`invalid year ${year}: expected 2000 to 2100`);
    if (k > 0 && year !== years[k - 1]! + 1)
      throw new SynthOptionsError(
        `invalid years ${years.join(",")}: expected consecutive ascending years`,
      );
  });
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new SynthOptionsError(`invalid seed ${seed}: expected a non-negative integer`);
  const contextual = options.contextualEffect ?? 0;
  if (!Number.isFinite(contextual) || Math.abs(contextual) > 1)
    throw new SynthOptionsError(
      `invalid contextual effect ${contextual}: expected a number from -1 to 1`,
    );
}

/**
 * Generates a synthetic network into `io.outDir`: `districts/<code>/<year>/*.csv` for every
 * district × year, `truth/*.csv` with what was planted, and `network.json`. The same options give
 * the same bytes.
 */
export async function generateNetwork(options: SynthOptions, io: SynthIo): Promise<SynthSummary> {
  checkSynthOptions(options);
  const { outDir } = io;
  const districtsDir = join(outDir, "districts");
  const truthDir = join(outDir, "truth");
  if (existsSync(join(outDir, "network.json"))) {
    rmSync(districtsDir, { recursive: true, force: true });
    rmSync(truthDir, { recursive: true, force: true });
  } else if (existsSync(districtsDir)) {
    throw new SynthOptionsError(
      `refusing to overwrite ${districtsDir}: it was not written by collab synth (no network.json)`,
    );
  }
  mkdirSync(truthDir, { recursive: true });

  const master = new Random(options.seed, "collab-synth");
  const layout = buildNetworkLayout(options.students, options.districts, master.fork("layout"));
  const population = new StudentPopulation(
    Math.ceil(options.students * (1.1 + 0.15 * options.years.length)),
  );
  const ids = new StudentIdSequence(master.fork("ids"));
  const flow = flowContext(population, layout, ids);
  const contextualEffect = options.contextualEffect ?? 0;
  const truth = new PlantedTruth(layout, options.years, contextualEffect);
  // Its own stream (not a fork of master): the yearly files draw what they drew before.
  const changes = new PlantedChanges(
    layout,
    options.years,
    new Random(options.seed, "collab-synth-changes"),
  );
  const total = options.years.length * layout.districts.length + 1;
  let done = 0;
  const rowCounts: Record<string, number> = {};
  for (const table of INPUT_TABLES) rowCounts[table.file] = 0;
  const submissions: { district: string; year: number; rows: Record<string, number> }[] = [];

  for (const [yearIndex, year] of options.years.entries()) {
    const flowRng = master.fork(`flows-${year}`);
    if (yearIndex === 0) populateFirstYear(flow, year, flowRng);
    else advanceYear(flow, year, flowRng);
    for (const district of layout.districts) {
      const calendar = schoolCalendar(year, district.index % CALENDAR_VARIANTS);
      io.onProgress?.({ done, total, label: `${district.code} ${year}` });
      await new Promise((resolve) => setImmediate(resolve));
      const dir = join(districtsDir, district.code, String(year));
      mkdirSync(dir, { recursive: true });
      const rng = master.fork(`district-${district.index}-year-${year}`);
      const rows = simulateDistrictYear(
        {
          flow,
          truth,
          year,
          yearIndex,
          calendar,
          rng,
          contextualEffect,
          periodicRng: new Random(options.seed, `collab-synth-periodic-${district.index}-${year}`),
          changes,
        },
        district,
        dir,
      );
      for (const [file, count] of Object.entries(rows))
        rowCounts[file] = (rowCounts[file] ?? 0) + count;
      submissions.push({ district: district.code, year, rows });
      done++;
    }
  }
  io.onProgress?.({ done, total, label: "truth" });
  const truthRows = {
    ...truth.write(truthDir),
    "planted_changes.csv": changes.write(truthDir),
  };
  const districts = layout.districts.map((d) => ({
    code: d.code,
    name: d.name,
    schools: d.schools.length,
  }));
  const metadata = {
    generator: "collab synth",
    version: GENERATOR_VERSION,
    seed: options.seed,
    options: {
      students: options.students,
      districts: options.districts,
      years: options.years,
      ...(contextualEffect !== 0 ? { contextualEffect } : {}),
    },
    districts,
    rowCounts,
    truthRowCounts: truthRows,
    submissions,
  };
  writeFileSync(join(outDir, "network.json"), `${JSON.stringify(metadata, null, 2)}\n`);
  io.onProgress?.({ done: total, total, label: "done" });
  return {
    districts,
    schools: layout.schools.length,
    studentsEver: population.size,
    submissions: submissions.length,
    rowCounts,
  };
}
