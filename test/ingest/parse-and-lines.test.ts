import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { dropStaging, validateSubmission } from "../../src/ingest/validate-submission.ts";
import type { ValidationReport } from "../../src/ingest/validation-report.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { copyFixture, replaceLine } from "./submission-fixture.ts";

let warehouse: Warehouse;
const folders: string[] = [];

beforeAll(async () => {
  warehouse = await Warehouse.open(":memory:", { threads: 1 });
});

afterAll(() => {
  warehouse.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function validateEdited(edit: (dir: string) => void): Promise<ValidationReport> {
  const { network, submission } = copyFixture();
  folders.push(network);
  edit(submission);
  const staged = await validateSubmission(warehouse, discoverSubmissions(submission)[0]!);
  await dropStaging(warehouse);
  return staged.report;
}

const messages = (report: ValidationReport, rule: string) =>
  report.issues.filter((i) => i.rule === rule).map((i) => `${i.file}:${i.line}:${i.column}`);

const DAYS_ABSENT_190 = "1000000004,01000010000029,11,2023-08-16,,180,190,Y";

describe("parse errors are reported with their line, never thrown", () => {
  it("reports a line with too few fields and keeps counting lines after it", async () => {
    const report = await validateEdited((d) => {
      replaceLine(join(d, "enrollments.csv"), 3, "1000000002,01000010000011,4,2023-08-16,,180,21");
      replaceLine(join(d, "enrollments.csv"), 5, DAYS_ABSENT_190);
    });
    const parse = report.issues.filter((i) => i.rule === "parse");
    expect(parse).toHaveLength(1);
    expect(parse[0]!.line).toBe(3);
    expect(parse[0]!.message).toMatch(
      /^enrollments\.csv line 3, column census_day: missing columns/,
    );
    expect(messages(report, "days-absent")).toEqual(["enrollments.csv:5:days_absent"]);
  });

  it("reports a line with too many fields", async () => {
    const report = await validateEdited((d) =>
      replaceLine(
        join(d, "discipline.csv"),
        3,
        "D-2,1000000002,01000010000011,ISS,2024-03-04,0.5,extra",
      ),
    );
    const parse = report.issues.filter((i) => i.rule === "parse");
    expect(parse.map((i) => [i.file, i.line])).toEqual([["discipline.csv", 3]]);
    expect(parse[0]!.message).toContain("too many columns");
    expect(parse[0]!.value).toBe("D-2,1000000002,01000010000011,ISS,2024-03-04,0.5,extra");
  });

  it("reports invalid UTF-8 with its line and column", async () => {
    const report = await validateEdited((d) => {
      const path = join(d, "students.csv");
      const lines = readFileSync(path).toString("latin1").split("\n");
      lines[3] = "1000000003,F,AS,N,N,,EL,2,,N,\xff";
      writeFileSync(path, Buffer.from(lines.join("\n"), "latin1"));
    });
    // reported as the file's encoding (see text-encoding.test.ts), with the line and column
    expect(report.issues.filter((i) => i.rule === "parse")).toEqual([]);
    const encoding = report.issues.filter((i) => i.rule === "encoding");
    expect(encoding.map((i) => [i.file, i.line, i.column])).toEqual([
      ["students.csv", null, null],
      ["students.csv", 4, "homeless"],
    ]);
    expect(encoding[0]!.message).toContain("not UTF-8");
  });

  it("reports an unterminated quote", async () => {
    const report = await validateEdited((d) =>
      replaceLine(
        join(d, "schools.csv"),
        3,
        '01000010000029,"Birch High School,0100001,Alder Unified,9,12,high,N,N,37.79,-122.40,88',
      ),
    );
    const parse = report.issues.filter((i) => i.rule === "parse");
    expect(parse.map((i) => [i.file, i.line])).toEqual([["schools.csv", 3]]);
    expect(parse[0]!.message).toContain("unterminated quote");
    expect(report.hasErrors).toBe(true);
  });

  it("reports an empty file as a header error", async () => {
    const report = await validateEdited((d) => writeFileSync(join(d, "students.csv"), ""));
    expect(report.issues.map((i) => i.message)).toContain(
      "students.csv line 1: the file has no header line",
    );
    // students.csv is unreadable, so checks that read it are skipped rather than flooding
    expect(
      report.issues.filter((i) => i.rule === "reference" && i.column === "student_id"),
    ).toEqual([]);
  });
});

describe("line numbers are the file's physical lines", () => {
  it("counts a quoted field's embedded newline (survey_items.csv line 5 holds the second half of line 4)", async () => {
    const report = await validateEdited((d) =>
      replaceLine(
        join(d, "survey_items.csv"),
        6,
        "CC3,XX,relationships,student,N,Adults here care about me.",
      ),
    );
    expect(messages(report, "code")).toEqual(["survey_items.csv:6:instrument"]);
  });

  it("steps over blank lines (a warning) and rejected lines together with embedded newlines", async () => {
    const report = await validateEdited((d) => {
      const path = join(d, "survey_items.csv");
      const lines = readFileSync(path, "utf8").split("\n");
      // header, SEL1, blank, CC1 (too many fields), CC2 (2 lines), blank, blank, CC3 (bad)
      const out = [
        lines[0],
        lines[1],
        "",
        `${lines[2]},extra`,
        lines[3],
        lines[4],
        "",
        "",
        "CC3,XX,relationships,student,N,Adults here care about me.",
        "",
      ];
      writeFileSync(path, out.join("\n"));
    });
    expect(messages(report, "blank-line")).toEqual([
      "survey_items.csv:3:null",
      "survey_items.csv:7:null",
      "survey_items.csv:8:null",
    ]);
    expect(report.issues.find((i) => i.rule === "blank-line")!.severity).toBe("warning");
    expect(messages(report, "parse")).toEqual(["survey_items.csv:4:null"]);
    expect(messages(report, "code")).toEqual(["survey_items.csv:9:instrument"]);
  });

  it("reads a column the format does not know as text, whatever its name, counting its embedded newlines", async () => {
    const report = await validateEdited((d) => {
      const path = join(d, "enrollments.csv");
      const lines = readFileSync(path, "utf8").trimEnd().split("\n");
      // "#grade" is the name staging gives the parsed grade; the file's own column must not clash
      const out = lines.map((line, i) =>
        i === 0 ? `${line},#grade` : i === 1 ? `${line},"two\nlines"` : `${line},x`,
      );
      out[3] = `${lines[3]!.replace(",5,", ",1x,")},x`;
      writeFileSync(path, `${out.join("\n")}\n`);
    });
    expect(messages(report, "header")).toEqual(["enrollments.csv:1:#grade"]);
    // line 4 of the file (row 3) holds the bad grade: the quoted newline in row 1 moves it to line 5
    expect(messages(report, "type")).toEqual(["enrollments.csv:5:grade"]);
    expect(report.errorCount).toBe(2);
    expect(report.issues.find((i) => i.rule === "type")!.message).toBe(
      'enrollments.csv line 5, column grade: value "1x" is not an integer',
    );
  });

  it("reads CRLF files with the same line numbers", async () => {
    const report = await validateEdited((d) => {
      replaceLine(join(d, "enrollments.csv"), 5, DAYS_ABSENT_190);
      const path = join(d, "enrollments.csv");
      writeFileSync(path, readFileSync(path, "utf8").replaceAll("\n", "\r\n"));
    });
    expect(report.issues.map((i) => i.message)).toEqual([
      'enrollments.csv line 5, column days_absent: value "190" is more than days_enrolled "180"',
    ]);
  });

  it("counts all offending rows but keeps only the first examples per group", async () => {
    const { network, submission } = copyFixture();
    folders.push(network);
    const path = join(submission, "survey_responses.csv");
    const rows = ["respondent_id,item_id,answer"];
    for (let i = 0; i < 250; i++) rows.push(`R00${1 + (i % 4)},X${i},9`);
    writeFileSync(path, `${rows.join("\n")}\n`);
    const staged = await validateSubmission(warehouse, discoverSubmissions(submission)[0]!, {
      examplesPerGroup: 3,
    });
    await dropStaging(warehouse);
    const range = staged.report.groups.find((g) => g.rule === "range")!;
    expect(range.count).toBe(250);
    expect(range.examples.map((i) => i.line)).toEqual([2, 3, 4]);
  });
});
