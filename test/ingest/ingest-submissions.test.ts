import { createHash } from "node:crypto";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  appendLine,
  copyAsDistrict,
  copyFixture,
  FIXTURE_NETWORK,
  replaceLine,
} from "./submission-fixture.ts";
import { warehouseChecksums } from "./warehouse-checksums.ts";

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function fixture() {
  const copy = copyFixture();
  folders.push(copy.network);
  return copy;
}

const fixedClock = (iso: string) => () => new Date(iso);

/**
 * Adds the fixture's district a year earlier (2023) to its network: dates a year back, every
 * student repeating the grade. Returns the new submission folder.
 */
function addEarlierYear(copy: { network: string; submission: string }): string {
  const earlier = join(copy.network, "districts", "0100001", "2023");
  cpSync(copy.submission, earlier, { recursive: true });
  for (const file of ["enrollments.csv", "discipline.csv", "graduation_cohort.csv"]) {
    const path = join(earlier, file);
    writeFileSync(
      path,
      readFileSync(path, "utf8")
        .replaceAll("2023-", "2022-")
        .replaceAll("2024-", "2023-")
        .replace(",2021,", ",2020,"),
    );
  }
  return earlier;
}

describe("ingestSubmissions(warehouse, submissions)", () => {
  it("loads a clean submission with typed values and records its hash and files", async () => {
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const [outcome] = await ingestSubmissions(warehouse, discoverSubmissions(FIXTURE_NETWORK), {
      now: fixedClock("2024-09-01T10:00:00Z"),
    });
    expect(outcome!.status).toBe("accepted");
    expect(outcome!.rowCounts).toEqual({
      schools: 2,
      students: 6,
      enrollments: 7,
      test_results: 6,
      discipline: 2,
      course_marks: 3,
      graduation_cohort: 1,
      survey_items: 4,
      survey_respondents: 4,
      survey_responses: 6,
      // Optional and not in this submission: counted as none.
      attendance_periods: 0,
    });
    for (const [table, n] of Object.entries(outcome!.rowCounts)) {
      expect(
        await warehouse.one(
          `SELECT count(*) AS n FROM ${table} WHERE district_code = '0100001' AND year = 2024`,
        ),
      ).toEqual({ n });
    }
    expect(
      await warehouse.all(
        "SELECT student_id, swd, disability_category, elpac_level, reclassification_date FROM students WHERE student_id IN ('1000000002', '1000000004') ORDER BY student_id",
      ),
    ).toEqual([
      {
        student_id: "1000000002",
        swd: true,
        disability_category: "SLD",
        elpac_level: null,
        reclassification_date: null,
      },
      {
        student_id: "1000000004",
        swd: false,
        disability_category: null,
        elpac_level: null,
        reclassification_date: new Date("2022-05-10T00:00:00Z"),
      },
    ]);
    expect(
      await warehouse.one(
        "SELECT CAST(reclassification_date AS VARCHAR) AS d FROM students WHERE student_id = '1000000004'",
      ),
    ).toEqual({ d: "2022-05-10" });
    expect(await warehouse.one("SELECT item_text FROM survey_items WHERE item_id = 'CC2'")).toEqual(
      {
        item_text: "Adults at this school\ndo not know my child, or care.",
      },
    );

    // the submission hash is sha256 over "<file sha256>  <name>\n" lines, as `sha256sum * | sha256sum`
    const dir = join(FIXTURE_NETWORK, "districts", "0100001", "2024");
    const listing = readdirSync(dir)
      .sort()
      .map(
        (name) =>
          `${createHash("sha256")
            .update(readFileSync(join(dir, name)))
            .digest("hex")}  ${name}\n`,
      )
      .join("");
    const expected = createHash("sha256").update(listing).digest("hex");
    const submission = await warehouse.one<{
      sha256: string;
      files: string;
      accepted_at: unknown;
      replaces: null;
    }>(
      "SELECT sha256, CAST(files AS VARCHAR) AS files, CAST(accepted_at AS VARCHAR) AS accepted_at, replaces FROM submissions",
    );
    expect(submission.sha256).toBe(expected);
    expect(outcome!.sha256).toBe(expected);
    expect(submission.accepted_at).toBe("2024-09-01 10:00:00");
    const files = JSON.parse(submission.files) as { name: string; sha256: string; rows: number }[];
    expect(files.find((f) => f.name === "enrollments.csv")).toEqual({
      name: "enrollments.csv",
      sha256: createHash("sha256")
        .update(readFileSync(join(dir, "enrollments.csv")))
        .digest("hex"),
      bytes: readFileSync(join(dir, "enrollments.csv")).length,
      rows: 7,
    });
    warehouse.close();
  });

  it("gives identical bytes the identical hash, and re-submitting them is a reported no-op", async () => {
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const [first] = await ingestSubmissions(warehouse, discoverSubmissions(FIXTURE_NETWORK));
    const before = await warehouseChecksums(warehouse);
    const copy = fixture(); // same bytes at another path
    const [second] = await ingestSubmissions(warehouse, discoverSubmissions(copy.network));
    expect(second!.status).toBe("unchanged");
    expect(second!.sha256).toBe(first!.sha256);
    expect(second!.submissionId).toBe(first!.submissionId);
    expect(await warehouseChecksums(warehouse)).toEqual(before);

    replaceLine(
      join(copy.submission, "enrollments.csv"),
      2,
      "1000000001,01000010000011,3,2023-08-16,,180,5,Y",
    );
    const [changed] = await ingestSubmissions(warehouse, discoverSubmissions(copy.network));
    expect(changed!.status).toBe("accepted");
    expect(changed!.sha256).not.toBe(first!.sha256);
    warehouse.close();
  });

  it("writes nothing for a submission with errors", async () => {
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const empty = await warehouseChecksums(warehouse);
    const copy = fixture();
    replaceLine(join(copy.submission, "survey_responses.csv"), 7, "R004,CC3,7");
    const [outcome] = await ingestSubmissions(warehouse, discoverSubmissions(copy.network));
    expect(outcome!.status).toBe("rejected");
    expect(outcome!.report.errorCount).toBe(1);
    expect(await warehouseChecksums(warehouse)).toEqual(empty);
    warehouse.close();
  });

  it("replaces only the re-submitted district's year", async () => {
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const copy = fixture();
    copyAsDistrict(copy.submission, copy.network, "0200002", "20000000");
    const loaded = await ingestSubmissions(warehouse, discoverSubmissions(copy.network), {
      now: fixedClock("2024-09-01T10:00:00Z"),
    });
    expect(loaded.map((o) => [o.label, o.status])).toEqual([
      ["0100001/2024", "accepted"],
      ["0200002/2024", "accepted"],
    ]);
    const other = await warehouseChecksums(warehouse, "district_code = '0200002'");

    // district 0100001 resubmits: one absence count changes and a discipline row is withdrawn
    replaceLine(
      join(copy.submission, "enrollments.csv"),
      2,
      "1000000001,01000010000011,3,2023-08-16,,180,7,Y",
    );
    writeFileSync(
      join(copy.submission, "discipline.csv"),
      "action_id,student_id,school_code,action,action_date,days\nD-1,1000000004,01000010000029,OSS,2023-11-15,2\n",
    );
    const [resubmitted] = await ingestSubmissions(warehouse, discoverSubmissions(copy.submission), {
      now: fixedClock("2024-10-01T10:00:00Z"),
    });
    expect(resubmitted!.status).toBe("accepted");
    expect(resubmitted!.replaces).toBe(loaded[0]!.submissionId);

    expect(await warehouseChecksums(warehouse, "district_code = '0200002'")).toEqual(other);
    expect(
      await warehouse.all(
        "SELECT student_id, days_absent FROM enrollments WHERE district_code = '0100001' ORDER BY student_id, entry_date",
      ),
    ).toHaveLength(7);
    expect(
      await warehouse.one("SELECT days_absent FROM enrollments WHERE student_id = '1000000001'"),
    ).toEqual({ days_absent: 7 });
    expect(
      await warehouse.all("SELECT action_id FROM discipline WHERE district_code = '0100001'"),
    ).toEqual([{ action_id: "D-1" }]);
    // the slice holds the re-submitted rows only, not the old ones beside them
    const submittedStudents =
      readFileSync(join(copy.submission, "students.csv"), "utf8").trim().split("\n").length - 1;
    expect(
      await warehouse.one(
        "SELECT count(*) AS n, count(DISTINCT student_id) AS ids FROM students WHERE district_code = '0100001'",
      ),
    ).toEqual({ n: submittedStudents, ids: submittedStudents });
    expect(
      await warehouse.all(
        "SELECT district_code, submission_id, replaces FROM submissions ORDER BY district_code",
      ),
    ).toEqual([
      {
        district_code: "0100001",
        submission_id: resubmitted!.submissionId,
        replaces: loaded[0]!.submissionId,
      },
      { district_code: "0200002", submission_id: loaded[1]!.submissionId, replaces: null },
    ]);
    expect(
      await warehouse.all(
        "SELECT submission_id, CAST(replaced_at AS VARCHAR) AS replaced_at FROM submission_log ORDER BY accepted_at, district_code",
      ),
    ).toEqual([
      { submission_id: loaded[0]!.submissionId, replaced_at: "2024-10-01 10:00:00" },
      { submission_id: loaded[1]!.submissionId, replaced_at: null },
      { submission_id: resubmitted!.submissionId, replaced_at: null },
    ]);
    warehouse.close();
  });

  it("accepts the good submissions of a network and rejects the bad one alone", async () => {
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const copy = fixture();
    const bad = copyAsDistrict(copy.submission, copy.network, "0200002", "20000000");
    unlinkSync(join(bad, "students.csv"));
    const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(copy.network));
    expect(outcomes.map((o) => [o.label, o.status])).toEqual([
      ["0100001/2024", "accepted"],
      ["0200002/2024", "rejected"],
    ]);
    expect(await warehouse.all("SELECT DISTINCT district_code FROM students")).toEqual([
      { district_code: "0100001" },
    ]);
    warehouse.close();
  });

  it("ingests a network in year order, so a later year is checked against the earlier one", async () => {
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const copy = fixture();
    // student 1000000001 recorded as M a year earlier
    const earlier = addEarlierYear(copy);
    replaceLine(join(earlier, "students.csv"), 2, "1000000001,M,HI,Y,N,,EO,,,N,N");
    const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(copy.network));
    expect(outcomes.map((o) => [o.label, o.status])).toEqual([
      ["0100001/2023", "accepted"],
      ["0100001/2024", "accepted"],
    ]);
    expect(outcomes[0]!.report.issues).toEqual([]);
    expect(outcomes[1]!.report.issues.map((i) => i.message)).toEqual([
      'students.csv line 2, column gender: value "F" differs from "M" in 2023 (district 0100001)',
    ]);
    warehouse.close();
  });

  it("validates a later year only after every earlier-year submission has committed, though two run at once", async () => {
    const warehouse = await Warehouse.open(":memory:", { threads: 1 });
    const copy = fixture();
    const earlier = addEarlierYear(copy);
    // a second district in 2023, the last submission of that year, lists student 1000000001 as M
    const other = copyAsDistrict(earlier, copy.network, "0200002", "20000000", 2023);
    appendLine(join(other, "students.csv"), "1000000001,M,HI,Y,N,,EO,,,N,N");
    copyAsDistrict(copy.submission, copy.network, "0200002", "20000000");
    const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(copy.network));
    expect(outcomes.map((o) => [o.label, o.status])).toEqual([
      ["0100001/2023", "accepted"],
      ["0200002/2023", "accepted"],
      ["0100001/2024", "accepted"],
      ["0200002/2024", "accepted"],
    ]);
    // the first 2024 submission sees the last 2023 one
    expect(outcomes[2]!.report.issues.map((i) => i.message)).toEqual([
      'students.csv line 2, column gender: value "F" differs from "M" in 2023 (district 0200002)',
    ]);
    const { rows } = await warehouse.one<{ rows: number }>(
      "SELECT count(*) AS rows FROM submissions",
    );
    expect(rows).toBe(4);
    warehouse.close();
  });
});

describe("discoverSubmissions(dir)", () => {
  it("orders a network's submissions by year, then district", () => {
    const root = mkdtempSync(join(tmpdir(), "collab-discover-"));
    folders.push(root);
    for (const [district, year] of [
      ["0200002", 2023],
      ["0100001", 2025],
      ["0100001", 2023],
      ["0300003", 2024],
    ] as const) {
      cpSync(
        join(FIXTURE_NETWORK, "districts", "0100001", "2024"),
        join(root, "districts", district, String(year)),
        {
          recursive: true,
        },
      );
    }
    expect(discoverSubmissions(root).map((s) => `${s.districtCode}/${s.year}`)).toEqual([
      "0100001/2023",
      "0200002/2023",
      "0300003/2024",
      "0100001/2025",
    ]);
  });

  it("rejects a single submission folder whose path does not name the district and year", () => {
    const root = mkdtempSync(join(tmpdir(), "collab-discover-"));
    folders.push(root);
    const dir = join(root, "district-x", "2024");
    cpSync(join(FIXTURE_NETWORK, "districts", "0100001", "2024"), dir, { recursive: true });
    expect(() => discoverSubmissions(dir)).toThrow(
      `invalid submission folder "${dir}": the parent folder "district-x" is not a 7-digit district code`,
    );
  });
});
