import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The hand-written valid network in test/fixtures/network (district 0100001, year 2024). */
export const FIXTURE_NETWORK = fileURLToPath(new URL("../fixtures/network", import.meta.url));
export const FIXTURE_DISTRICT = "0100001";
export const FIXTURE_YEAR = 2024;

/** A fresh copy of the fixture network; returns the network folder and its one submission. */
export function copyFixture(): { network: string; submission: string } {
  const network = mkdtempSync(join(tmpdir(), "collab-ingest-"));
  cpSync(FIXTURE_NETWORK, network, { recursive: true });
  return {
    network,
    submission: join(network, "districts", FIXTURE_DISTRICT, String(FIXTURE_YEAR)),
  };
}

/** Replaces physical line `line` (1-based) of a file. */
export function replaceLine(path: string, line: number, text: string): void {
  const lines = readFileSync(path, "utf8").split("\n");
  if (line < 1 || line > lines.length) throw new Error(`no line ${line} in ${path}`);
  lines[line - 1] = text;
  writeFileSync(path, lines.join("\n"));
}

/** Appends a line to a file (which ends with a newline). */
export function appendLine(path: string, text: string): void {
  writeFileSync(path, `${readFileSync(path, "utf8")}${text}\n`);
}

/**
 * Copies the fixture submission as another district: every "0100001" becomes `district` and
 * student ids 10000000xx become `studentPrefix` + xx.
 */
export function copyAsDistrict(
  from: string,
  network: string,
  district: string,
  studentPrefix: string,
  year = FIXTURE_YEAR,
): string {
  const target = join(network, "districts", district, String(year));
  cpSync(from, target, { recursive: true });
  for (const file of [
    "schools.csv",
    "students.csv",
    "enrollments.csv",
    "test_results.csv",
    "discipline.csv",
    "course_marks.csv",
    "graduation_cohort.csv",
    "survey_respondents.csv",
  ]) {
    const path = join(target, file);
    writeFileSync(
      path,
      readFileSync(path, "utf8")
        .replaceAll(FIXTURE_DISTRICT, district)
        .replace(/\b10000000(\d\d)\b/g, `${studentPrefix}$1`),
    );
  }
  return target;
}
