import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { dropStaging, validateSubmission } from "../../src/ingest/validate-submission.ts";
import type { ValidationReport } from "../../src/ingest/validation-report.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { copyFixture } from "./submission-fixture.ts";

let warehouse: Warehouse;
let fixture: { network: string; submission: string };

beforeAll(async () => {
  warehouse = await Warehouse.open(":memory:", { threads: 1 });
  fixture = copyFixture();
});

afterEach(async () => {
  await warehouse.run("DELETE FROM students; DELETE FROM enrollments");
});

afterAll(() => {
  warehouse.close();
  rmSync(fixture.network, { recursive: true, force: true });
});

interface OtherYear {
  year: number;
  district?: string;
  studentId: string;
  gender?: string;
  race?: string;
  elStatus?: string;
  reclassificationDate?: string | null;
  grade?: number;
}

/** Puts a student's row for another year straight into the warehouse. */
async function otherYear(row: OtherYear): Promise<void> {
  const district = row.district ?? "0100001";
  await warehouse.run(
    `INSERT INTO students (district_code, year, student_id, gender, race_ethnicity, sed, swd,
        el_status, reclassification_date, foster, homeless)
      VALUES (?, ?, ?, ?, ?, false, false, ?, ?::DATE, false, false)`,
    [
      district,
      row.year,
      row.studentId,
      row.gender ?? "F",
      row.race ?? "HI",
      row.elStatus ?? "EO",
      row.reclassificationDate ?? null,
    ],
  );
  if (row.grade !== undefined) {
    await warehouse.run(
      `INSERT INTO enrollments (district_code, year, student_id, school_code, grade,
          entry_date, days_enrolled, days_absent, census_day)
        VALUES (?, ?, ?, '01000010000011', ?, DATE '${row.year - 1}-08-20', 180, 0, true)`,
      [district, row.year, row.studentId, row.grade],
    );
  }
}

async function validateFixture(): Promise<ValidationReport> {
  const staged = await validateSubmission(warehouse, discoverSubmissions(fixture.submission)[0]!);
  await dropStaging(warehouse);
  return staged.report;
}

const messages = (report: ValidationReport) =>
  report.issues.map((i) => `${i.severity} ${i.rule}: ${i.message}`);

describe("cross-year rules compare the submission with the warehouse's other years", () => {
  it("accepts a student who was one grade lower last year, repeated a grade, or was in another district", async () => {
    await otherYear({ year: 2023, studentId: "1000000001", grade: 2 });
    await otherYear({
      year: 2023,
      district: "0200002",
      studentId: "1000000002",
      gender: "M",
      race: "WH",
      grade: 4,
    });
    await otherYear({
      year: 2022,
      studentId: "1000000003",
      gender: "F",
      race: "AS",
      elStatus: "EL",
      grade: 3,
    });
    expect(messages(await validateFixture())).toEqual([]);
  });

  it("warns when gender changes (cross-year-gender)", async () => {
    await otherYear({ year: 2023, studentId: "1000000001", gender: "M", grade: 2 });
    const report = await validateFixture();
    expect(messages(report)).toEqual([
      'warning cross-year-gender: students.csv line 2, column gender: value "F" differs from "M" in 2023 (district 0100001)',
    ]);
    expect(report.hasErrors).toBe(false);
  });

  it("warns when race/ethnicity changes, naming the nearest year (cross-year-race)", async () => {
    await otherYear({
      year: 2021,
      district: "0300003",
      studentId: "1000000004",
      gender: "X",
      race: "WH",
    });
    await otherYear({
      year: 2023,
      district: "0200002",
      studentId: "1000000004",
      gender: "X",
      race: "MR",
    });
    expect(messages(await validateFixture())).toEqual([
      'warning cross-year-race: students.csv line 5, column race_ethnicity: value "AA" differs from "MR" in 2023 (district 0200002)',
    ]);
  });

  it("rejects a grade lower than last year's (cross-year-grade)", async () => {
    await otherYear({ year: 2023, studentId: "1000000001", grade: 4 });
    expect(messages(await validateFixture())).toEqual([
      'error cross-year-grade: enrollments.csv line 2, column grade: value "3" is lower than grade 4 in 2023 (district 0100001)',
    ]);
  });

  it("rejects a grade that rose by more than one per year (cross-year-grade)", async () => {
    await otherYear({
      year: 2022,
      studentId: "1000000006",
      gender: "F",
      race: "WH",
      elStatus: "IFEP",
      grade: 8,
    });
    expect(messages(await validateFixture())).toEqual([
      'error cross-year-grade: enrollments.csv line 7, column grade: value "11" is more than 2 grade(s) above grade 8 in 2022 (district 0100001)',
    ]);
  });

  it("rejects a grade above a later year's grade (cross-year-grade, re-submitting an earlier year)", async () => {
    await otherYear({ year: 2025, studentId: "1000000001", grade: 2 });
    expect(messages(await validateFixture())).toEqual([
      'error cross-year-grade: enrollments.csv line 2, column grade: value "3" is higher than grade 2 in the later year 2025 (district 0100001)',
    ]);
  });

  it("rejects an RFEP student returning to EL (cross-year-el)", async () => {
    await otherYear({
      year: 2023,
      studentId: "1000000003",
      race: "AS",
      elStatus: "RFEP",
      reclassificationDate: "2023-03-01",
      grade: 4,
    });
    expect(messages(await validateFixture())).toEqual([
      'error cross-year-el: students.csv line 4, column el_status: value "EL": the student was reclassified (RFEP) in 2023 (district 0100001) and cannot return to EL',
    ]);
  });

  it("rejects a reclassification date that changed (cross-year-reclassification)", async () => {
    await otherYear({
      year: 2023,
      studentId: "1000000004",
      gender: "X",
      race: "AA",
      elStatus: "RFEP",
      reclassificationDate: "2022-06-01",
      grade: 10,
    });
    expect(messages(await validateFixture())).toEqual([
      'error cross-year-reclassification: students.csv line 5, column reclassification_date: value "2022-05-10" differs from reclassification date 2022-06-01 given in 2023 (district 0100001)',
    ]);
  });
});
