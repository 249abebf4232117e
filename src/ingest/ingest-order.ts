import { statSync } from "node:fs";
import { join } from "node:path";
import type { Submission } from "./submission.ts";

/**
 * The order in which a network's submissions are taken up: by year (a later year's cross-year
 * checks need every earlier year committed), and within a year the largest first (bytes of its
 * files), so that while one connection works through the largest district the other gets through
 * the small ones instead of waiting behind it. Returns indexes into `submissions`.
 */
export function ingestOrder(submissions: readonly Submission[]): number[] {
  const bytes = submissions.map((s) =>
    s.files.reduce((sum, name) => sum + fileBytes(join(s.dir, name)), 0),
  );
  return submissions
    .map((_, index) => index)
    .sort((a, b) => submissions[a]!.year - submissions[b]!.year || bytes[b]! - bytes[a]! || a - b);
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
