import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Submission } from "./submission.ts";

/** Raised when a folder is neither a submission nor a network folder. */
export class SubmissionFolderError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`invalid submission folder "${path}": ${problem}`);
    this.name = "SubmissionFolderError";
  }
}

/**
 * Finds the submissions under `dir`, in year order then district order (so cross-year checks
 * see earlier years first). `dir` is one submission (it holds schools.csv; district and year come
 * from its path `…/<district_code>/<year>/`) or a network folder (`dir/districts/<code>/<year>/`).
 */
export function discoverSubmissions(dir: string): Submission[] {
  const root = resolve(dir);
  if (!isDirectory(root)) throw new SubmissionFolderError(dir, "not a folder");
  if (isFile(join(root, "schools.csv"))) return [submissionAt(root)];
  const districts = join(root, "districts");
  if (!isDirectory(districts)) {
    throw new SubmissionFolderError(
      dir,
      "it holds neither schools.csv (one submission) nor districts/ (a network)",
    );
  }
  const found: Submission[] = [];
  for (const code of readdirSync(districts).sort()) {
    const districtDir = join(districts, code);
    if (!isDirectory(districtDir)) continue;
    for (const year of readdirSync(districtDir).sort()) {
      const yearDir = join(districtDir, year);
      if (isDirectory(yearDir)) found.push(submissionAt(yearDir));
    }
  }
  if (found.length === 0) throw new SubmissionFolderError(dir, "districts/ holds no submission");
  return found.sort((a, b) => a.year - b.year || a.districtCode.localeCompare(b.districtCode));
}

function submissionAt(dir: string): Submission {
  const yearText = basename(dir);
  const districtCode = basename(dirname(dir));
  if (!/^\d{4}$/.test(yearText)) {
    throw new SubmissionFolderError(dir, `the folder name "${yearText}" is not a year (YYYY)`);
  }
  if (!/^\d{7}$/.test(districtCode)) {
    throw new SubmissionFolderError(
      dir,
      `the parent folder "${districtCode}" is not a 7-digit district code`,
    );
  }
  const files = readdirSync(dir)
    .filter((name) => isFile(join(dir, name)))
    .sort();
  return { dir, districtCode, year: Number(yearText), files };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
