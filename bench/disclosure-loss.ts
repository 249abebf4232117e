/**
 * `node bin/run-ts.mjs bench/disclosure-loss.ts --db FILE [--framework FILE] [--run ID]`
 *
 * What the disclosure pass withholds on a computed run (the latest complete one unless `--run`):
 * - group cells hidden by the primary rule (1 … min n − 1 students) and, beyond it, by the
 *   complementary rule (partitions, composites), as shares of all cells with students;
 * - the same with the complementary rule off (the primary rule alone), for comparison;
 * - index scores withheld, per audience: the public and network members from another district;
 *   a district's own staff (averaged over districts: their own schools are never withheld);
 *   the hub's analysts (never);
 * - how long deciding the whole run takes (once per run and server process).
 * Prints figures; never asserts.
 */
import { parseArgs } from "node:util";
import { disclosureReader } from "../src/disclosure/disclosure-reader.ts";
import { runCells } from "../src/disclosure/run-cells.ts";
import { withheldIndexes } from "../src/disclosure/withheld-indexes.ts";
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    framework: { type: "string", default: "frameworks/core-sqii.yaml" },
    run: { type: "string" },
  },
});
if (!values.db) throw new Error("--db FILE is required");
const framework = loadFramework(values.framework!);
const warehouse = await Warehouse.open(values.db);
const runId =
  values.run ??
  (
    await warehouse.one<{ run_id: string }>(
      "SELECT run_id FROM runs WHERE status = 'complete' ORDER BY created_at DESC LIMIT 1",
    )
  ).run_id;

const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)}%`;
const reader = disclosureReader(warehouse, framework);
const t0 = performance.now();
const cells = await runCells(reader, runId);
const decideMs = performance.now() - t0;
const counts = await warehouse.all<{
  school_code: string;
  school_level: string;
  metric: string;
  student_group: string;
  n: number;
}>(
  "SELECT school_code, school_level, metric, student_group, n FROM metric_results WHERE run_id = ? AND n > 0",
  [runId],
);
let small = 0;
let complementary = 0;
for (const [, d] of cells.decisions) {
  if (d.reason === "small_n") small++;
  else if (d.reason === "complementary") complementary++;
}
const off = disclosureReader(warehouse, {
  ...framework,
  suppression: { ...framework.suppression, complementary: false },
});
const primaryOnly = await runCells(off, runId);
let primaryHidden = 0;
for (const [, d] of primaryOnly.decisions) if (d.suppressed) primaryHidden++;

const t1 = performance.now();
const withheld = await withheldIndexes(reader, runId);
const indexMs = performance.now() - t1;
const indexes = await warehouse.all<{ school_code: string; school_level: string }>(
  "SELECT school_code, school_level FROM index_results WHERE run_id = ? AND index_score IS NOT NULL",
  [runId],
);
const districts = [...new Set(indexes.map((r) => r.school_code.slice(0, 7)))];
const ownDistrictShares = districts.map((d) => {
  const seen = indexes.filter(
    (r) => withheld.keys.has(`${r.school_code}|${r.school_level}`) && !r.school_code.startsWith(d),
  );
  return seen.length / indexes.length;
});
const meanOwn = ownDistrictShares.reduce((a, b) => a + b, 0) / Math.max(districts.length, 1);

console.log(
  `run ${runId}: ${counts.length} group cells with students, ${indexes.length} index scores`,
);
console.log(
  `  decided in ${(decideMs / 1000).toFixed(2)} s (whole run), withheld indexes in ${(indexMs / 1000).toFixed(2)} s`,
);
console.log(
  `  primary rule (1-${framework.suppression.min_n - 1} students): ${small} cells, ${pct(small, counts.length)}`,
);
console.log(
  `  beyond it (complementary: partitions and composites): ${complementary} cells, ${pct(complementary, counts.length)} of all, ${pct(complementary, counts.length - small)} of those the primary rule would show`,
);
console.log(
  `  (primary rule alone would hide ${primaryHidden}, ${pct(primaryHidden, counts.length)})`,
);
console.log("  index scores withheld, by audience:");
console.log(
  `    public, network member from another district: ${withheld.keys.size} of ${indexes.length}, ${pct(withheld.keys.size, indexes.length)}`,
);
console.log(
  `    staff of a school's own district (mean over ${districts.length} districts): ${(100 * meanOwn).toFixed(1)}%`,
);
console.log("    hub analysts: 0 (every score, under the data-sharing agreement)");
warehouse.close();
