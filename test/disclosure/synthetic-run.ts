import { readFileSync } from "node:fs";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { growthStage } from "../../src/growth/growth-stage.ts";
import { computeRun } from "../../src/runs/compute-run.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openRecoveryNetwork } from "../growth/recovery-suite.ts";

const FRAMEWORK_FILE = "frameworks/core-sqii.yaml";

/** A synthetic network computed as a hub would: a baseline year, then the last year. */
export interface SyntheticRun {
  readonly dir: string;
  readonly warehouse: Warehouse;
  readonly framework: Framework;
  /** Run ids by year (the baseline's and the last year's). */
  readonly runs: Readonly<Record<number, string>>;
  close(): void;
}

/**
 * Generates and ingests the network (as the growth recovery suite does), then computes
 * `baseline` (freezing cuts) and the last year with those cuts, growth included.
 */
export async function syntheticRun(options: {
  students: number;
  districts: number;
  years: readonly [number, number];
  seed: number;
  baseline: number;
}): Promise<SyntheticRun> {
  const network = await openRecoveryNetwork(options);
  const bytes = readFileSync(FRAMEWORK_FILE);
  const framework = parseFramework(bytes.toString("utf8"), FRAMEWORK_FILE);
  let ids = 0;
  const run = async (year: number, extra: { baseline?: number } = {}) =>
    (
      await computeRun(network.warehouse, {
        year,
        framework,
        frameworkBytes: bytes,
        codeVersion: "test",
        clock: () => new Date(Date.UTC(2026, 0, 1, 0, 0, ids)),
        newRunId: (y) => `run-${y}-${++ids}`,
        growth: growthStage,
        ...extra,
      })
    ).runId;
  const runs: Record<number, string> = {};
  runs[options.baseline] = await run(options.baseline, { baseline: options.baseline });
  runs[options.years[1]] = await run(options.years[1]);
  return { dir: network.dir, warehouse: network.warehouse, framework, runs, close: network.close };
}
