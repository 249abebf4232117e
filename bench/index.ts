/**
 * `npm run bench [-- --students N --districts K --years 2023-2025 --dir DIR --keep]`
 *
 * The end-to-end benchmark at CORE scale (default 1.2 million students, 10 districts, three
 * school years): each stage runs as its own `collab` process under `/usr/bin/time -v`, so the
 * figures are wall time and peak resident memory of exactly that command. Prints a table; never
 * asserts on time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
}
const students = option("students", "1200000");
const districts = option("districts", "10");
const years = option("years", "2023-2025");
const dir = resolve(option("dir", "bench-out"));
const keep = args.includes("--keep");
const lastYear = years.split("-").at(-1)!;
const network = join(dir, "network");
const db = join(dir, "warehouse.duckdb");

interface Figure {
  stage: string;
  seconds: number;
  /** User + system CPU seconds of the command (this VM's speed drifts; CPU shows the work). */
  cpuSeconds: number;
  peakMiB: number;
  ok: boolean;
}

function timed(stage: string, collabArgs: string[]): Figure {
  const hasTime = existsSync("/usr/bin/time");
  const command = hasTime ? "/usr/bin/time" : process.execPath;
  const argv = hasTime
    ? ["-v", process.execPath, "bin/collab.mjs", ...collabArgs]
    : ["bin/collab.mjs", ...collabArgs];
  process.stderr.write(`\n== ${stage}: collab ${collabArgs.join(" ")}\n`);
  const started = performance.now();
  const result = spawnSync(command, argv, {
    stdio: ["ignore", "inherit", "pipe"],
    encoding: "utf8",
  });
  const seconds = (performance.now() - started) / 1000;
  const stderr = result.stderr ?? "";
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  process.stderr.write(stderr.replace(/\tCommand being timed[\s\S]*$/, ""));
  return {
    stage,
    seconds,
    cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : Number.NaN,
    peakMiB: rss ? Number(rss[1]) / 1024 : Number.NaN,
    ok: result.status === 0,
  };
}

mkdirSync(dir, { recursive: true });
rmSync(network, { recursive: true, force: true });
rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });

const figures: Figure[] = [];
figures.push(
  timed("synth", [
    "synth",
    "--out",
    network,
    "--students",
    students,
    "--districts",
    districts,
    "--years",
    years,
  ]),
);
if (figures.at(-1)!.ok) figures.push(timed("ingest", ["ingest", network, "--db", db]));
if (figures.at(-1)!.ok)
  figures.push(timed(`compute ${lastYear}`, ["compute", "--year", lastYear, "--db", db]));
// The 9th-grade on-track network: every 9th grader's standing per grading period (this year and
// last), the lanes' model and each incoming 9th grader's lanes (issue #20: ≤ 20 s, ≤ 4 GiB at 1.2M).
if (figures.at(-1)!.ok)
  figures.push(timed(`ontrack ${lastYear}`, ["ontrack", "--year", lastYear, "--db", db]));

console.log(`\nbenchmark: ${students} students, ${districts} districts, years ${years}`);
console.log("stage                 seconds    CPU s   peak MiB   status");
for (const f of figures)
  console.log(
    `${f.stage.padEnd(20)} ${f.seconds.toFixed(1).padStart(8)} ${f.cpuSeconds.toFixed(1).padStart(8)} ${f.peakMiB.toFixed(0).padStart(10)}   ${f.ok ? "ok" : "FAILED"}`,
  );
if (!keep) rmSync(dir, { recursive: true, force: true });
if (figures.some((f) => !f.ok)) process.exitCode = 1;
