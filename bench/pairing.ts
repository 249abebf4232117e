/**
 * Benchmark: pairing and communities of practice on a big warehouse. Not a test: prints figures,
 * never asserts on time.
 *
 *   npx collab synth --out /tmp/big --students 1200000 --districts 10 --years 2023-2025
 *   npx collab ingest /tmp/big --db /tmp/big.duckdb
 *   node bin/run-ts.mjs bench/pairing.ts /tmp/big.duckdb 2023
 *
 * Uses the latest complete run of the year (computing one, with a cut set from that year, when
 * there is none), then times the pairing stage's parts separately: the census-day context query
 * over every student, reading the run's inputs, and the pure plan (cost matrix, one assignment,
 * communities), best of 3.
 */
import { readFileSync } from "node:fs";
import { resourceUsage } from "node:process";
import { parseFramework } from "../src/domain/framework/load-framework.ts";
import { planPairing, readPairingInputs } from "../src/identification/run-pairing.ts";
import { schoolContextSql } from "../src/identification/school-context.ts";
import { computeRun } from "../src/runs/compute-run.ts";
import { ensureResultTables } from "../src/runs/result-tables.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";

const [db, yearText] = process.argv.slice(2);
if (!db || !yearText) {
  console.error("usage: bench/pairing.ts WAREHOUSE YEAR");
  process.exit(2);
}
const year = Number(yearText);
const frameworkFile = "frameworks/core-sqii.yaml";
const bytes = readFileSync(frameworkFile);
const framework = parseFramework(bytes.toString("utf8"), frameworkFile);
const warehouse = await Warehouse.open(db);
await ensureResultTables(warehouse);
const time = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
};

let run = (
  await warehouse.all<{ run_id: string; manifest: string }>(
    `SELECT run_id, manifest::VARCHAR AS manifest FROM runs WHERE status = 'complete' AND year = ${year}
     AND run_id IN (SELECT run_id FROM pairings UNION SELECT run_id FROM communities)
     ORDER BY created_at DESC LIMIT 1`,
  )
)[0];
if (!run) {
  console.error(`no run of ${year} with pairings: computing one`);
  const summary = await computeRun(warehouse, {
    year,
    framework,
    frameworkBytes: bytes,
    codeVersion: "bench",
    baseline: year,
    onProgress: (m) => process.stderr.write(`${m}\n`),
  });
  run = { run_id: summary.runId, manifest: JSON.stringify(summary.manifest) };
}
const manifest = JSON.parse(run.manifest) as { timings_ms: Record<string, number> };
const students = await warehouse.one<{ n: number }>(
  `SELECT count(*)::INTEGER AS n FROM students WHERE year = ${year}`,
);
const [contexts, contextMs] = await time(() =>
  warehouse.all(`SELECT count(*) AS n FROM (${schoolContextSql(framework, year)})`),
);
const context = { runId: run.run_id, year, framework, priorRunId: null };
const [inputs, readMs] = await time(() => readPairingInputs(warehouse, context));
let best = Number.POSITIVE_INFINITY;
let plan: ReturnType<typeof planPairing> | undefined;
for (let i = 0; i < 3; i++) {
  const [result, ms] = await time(() => planPairing(inputs, framework));
  best = Math.min(best, ms);
  plan = result;
}
const tiers = (t: string) => inputs.tiers.filter((x) => x.tier === t).length;
const made = plan!.plan.pairings.filter((p) => p.partnerCode !== null).length;
console.log(
  JSON.stringify(
    {
      run: run.run_id,
      students_in_year: students.n,
      school_levels_with_context: Number((contexts[0] as { n: number | bigint }).n),
      priority: tiers("priority"),
      partner_eligible: tiers("partner_eligible"),
      focus: tiers("focus"),
      assignment_matrix: `${plan!.plan.problem.rows.length} × ${plan!.plan.problem.columns.length}`,
      pairs_made: made,
      unmatched: plan!.plan.pairings.length - made,
      communities: plan!.communities.length,
      community_sizes: Object.fromEntries(
        [2, 3, 4].map((n) => [n, plan!.communities.filter((c) => c.members.length === n).length]),
      ),
      focus_without_community: plan!.unplaced.length,
      pairing_stage_in_run_ms: manifest.timings_ms.pairing,
      context_query_ms: Math.round(contextMs),
      read_inputs_ms: Math.round(readMs),
      plan_ms_best_of_3: Math.round(best),
      peak_rss_mb: Math.round(resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
warehouse.close();
