/**
 * `node bin/run-ts.mjs bench/growth-recovery.ts --students 40000 --districts 3 --years 2022-2025 --seeds 21,22 [--set growth.step4=between_schools]`
 *
 * The growth recovery suite (test/growth/recovery-suite.ts) at any size: per seed, generates the
 * network, ingests it, computes growth for the last year and prints, per subject, correlation,
 * bias, calibration slope, raw slope and 95% interval coverage of the planted school × level
 * effects. `--set path=value` overrides a framework setting (repeatable). Never asserts.
 */
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import {
  formatRecovery,
  measureRecovery,
  openRecoveryNetwork,
} from "../test/growth/recovery-suite.ts";

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
}
const students = Number(option("students", "40000"));
const districts = Number(option("districts", "3"));
const [from, to] = option("years", "2022-2025").split("-").map(Number) as [number, number];
const seeds = option("seeds", "21").split(",").map(Number);
const contextualEffect = Number(option("contextual-effect", "0"));
const base = loadFramework("frameworks/core-sqii.yaml");
const framework = structuredClone(base) as typeof base;
args.forEach((a, i) => {
  if (a !== "--set") return;
  const [path, value] = (args[i + 1] ?? "").split("=") as [string, string];
  const keys = path.split(".");
  let node = framework as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const parsed =
    value === "true"
      ? true
      : value === "false"
        ? false
        : Number.isNaN(Number(value))
          ? value
          : Number(value);
  node[keys.at(-1)!] = parsed;
});

for (const seed of seeds) {
  const start = performance.now();
  const workspace = await openRecoveryNetwork({
    students,
    districts,
    years: [from, to],
    seed,
    contextualEffect,
  });
  try {
    const { subjects, summary } = await measureRecovery(workspace, framework);
    const slopes = summary.stageTwo
      .map(
        (s) =>
          `${s.subject} ${s.grade} ${s.slope.toFixed(3)}±${(s.slopeSe ?? Number.NaN).toFixed(3)}`,
      )
      .join(", ");
    console.log(`  step-4 slopes (${summary.stageTwo[0]?.method}): ${slopes}`);
    console.log(
      formatRecovery(
        `${students} students, ${districts} districts, ${from}-${to}, seed ${seed}:`,
        subjects,
      ),
    );
    if (args.includes("--blended")) {
      const blended = await measureRecovery(workspace, framework, { target: "blended" });
      console.log(formatRecovery("  against the blended targets:", blended.subjects));
    }
    console.log(`  (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  } finally {
    workspace.close();
  }
}
