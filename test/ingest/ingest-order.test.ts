import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ingestOrder } from "../../src/ingest/ingest-order.ts";
import type { Submission } from "../../src/ingest/submission.ts";

const root = mkdtempSync(join(tmpdir(), "collab-order-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A submission folder whose students.csv holds `bytes` bytes. */
function submission(districtCode: string, year: number, bytes: number): Submission {
  const dir = join(root, districtCode, String(year));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "students.csv"), "x".repeat(bytes));
  return { dir, districtCode, year, files: ["students.csv"] };
}

describe("ingestOrder(submissions)", () => {
  it("takes the years in order and, within a year, the largest submission first", () => {
    const submissions = [
      submission("0100001", 2023, 10),
      submission("0200002", 2023, 300),
      submission("0300003", 2023, 20),
      submission("0100001", 2024, 5),
      submission("0200002", 2024, 400),
    ];
    expect(ingestOrder(submissions)).toEqual([1, 2, 0, 4, 3]);
  });

  it("keeps the given order between submissions of the same year and size", () => {
    const submissions = [
      submission("0400004", 2025, 7),
      submission("0500005", 2025, 7),
      submission("0600006", 2024, 7),
    ];
    expect(ingestOrder(submissions)).toEqual([2, 0, 1]);
  });
});
