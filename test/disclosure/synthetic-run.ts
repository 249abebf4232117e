import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { growthStage } from "../../src/growth/growth-stage.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { computeRun } from "../../src/runs/compute-run.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

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

/** Generates, ingests and computes `baseline` (freezing cuts) and `year` with those cuts. */
export async function syntheticRun(options: {
  students: number;
  districts: number;
  years: readonly [number, number];
  seed: number;
  baseline: number;
}): Promise<SyntheticRun> {
  const dir = mkdtempSync(join(tmpdir(), "disclosure-"));
  const [from, to] = options.years;
  await generateNetwork(
    {
      students: options.students,
      districts: options.districts,
      years: Array.from({ length: to - from + 1 }, (_, i) => from + i),
      seed: options.seed,
    },
    { outDir: join(dir, "net") },
  );
  const warehouse = await Warehouse.open(":memory:", { threads: 2 });
  const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(join(dir, "net")));
  if (outcomes.some((o) => o.status !== "accepted")) throw new Error("a submission was refused");
  const bytes = readFileSync(FRAMEWORK_FILE);
  const framework = parseFramework(bytes.toString("utf8"), FRAMEWORK_FILE);
  let ids = 0;
  const run = async (year: number, extra: { baseline?: number } = {}) =>
    (
      await computeRun(warehouse, {
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
  runs[to] = await run(to);
  return {
    dir,
    warehouse,
    framework,
    runs,
    close: () => {
      warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
