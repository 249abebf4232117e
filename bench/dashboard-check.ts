/**
 * Benchmark: `collab dashboard check` on a file the size of a whole CDE Dashboard download file.
 * The fixtures hold slices only (the whole files were not fetched), so the bench builds a file of
 * `rows` rows (default 150,000, about the suspension 2023 file) by repeating the 2023 chronic
 * absenteeism fixture's rows with fresh school codes, and times the command as a whole process.
 * Not a test: prints figures, never asserts on time.
 *
 *   node bin/run-ts.mjs bench/dashboard-check.ts [rows]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const target = Number(process.argv[2] ?? 150_000);
const [header, ...rows] = readFileSync(
  join(ROOT, "test/fixtures/dashboard/chronicdownload2023.start.txt"),
  "utf8",
)
  .trimEnd()
  .split("\n");
const out: string[] = [header!];
for (let copy = 0; out.length <= target; copy++)
  for (const row of rows) {
    if (out.length > target) break;
    // a fresh 14-digit code per copy keeps the rows distinct schools
    out.push(
      `${String(10_000_000_000_000 + copy * 1000 + (row.charCodeAt(10) % 1000)).slice(0, 14)}${row.slice(14)}`,
    );
  }
const dir = mkdtempSync(join(tmpdir(), "bench-dashboard-"));
const file = join(dir, "chronicdownload2023.txt");
writeFileSync(file, `${out.join("\n")}\n`);
const bytes = readFileSync(file).length;

const times: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const run = spawnSync(
    process.execPath,
    [join(ROOT, "bin/collab.mjs"), "dashboard", "check", file],
    {
      encoding: "utf8",
    },
  );
  times.push((performance.now() - t) / 1000);
  if (run.status !== 0) {
    console.error(run.stdout.slice(0, 2000), run.stderr);
    process.exit(1);
  }
  if (i === 0) console.log(run.stdout.split("\n")[0]);
}
rmSync(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
console.log(
  `collab dashboard check: ${out.length - 1} rows (${(bytes / 1e6).toFixed(1)} MB): ` +
    `min ${times[0]!.toFixed(2)} s, median ${times[1]!.toFixed(2)} s, max ${times[2]!.toFixed(2)} s (target <= 5 s)`,
);
