import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { MAX_LINE_BYTES, scanFile } from "../../src/ingest/scan-file.ts";
import { dropStaging, validateSubmission } from "../../src/ingest/validate-submission.ts";
import type { ValidationReport } from "../../src/ingest/validation-report.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { copyFixture } from "./submission-fixture.ts";
import { warehouseChecksums } from "./warehouse-checksums.ts";

let warehouse: Warehouse;
const folders: string[] = [];

beforeAll(async () => {
  warehouse = await Warehouse.open(":memory:", { threads: 1 });
});

afterAll(() => {
  warehouse.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function fixture(): { network: string; submission: string } {
  const copy = copyFixture();
  folders.push(copy.network);
  return copy;
}

async function validate(dir: string): Promise<ValidationReport> {
  const staged = await validateSubmission(warehouse, discoverSubmissions(dir)[0]!);
  await dropStaging(warehouse);
  return staged.report;
}

const MB = 1 << 20;
/** A students.csv row (line 8 of the fixture's file) whose homeless field is `field`. */
const studentRow = (field: string) => `1000000099,F,HI,Y,N,,EO,,,N,${field}\n`;
const PREFIX = studentRow("").length - 1;

describe("every physical line is stored or named in an error", () => {
  it("names a 50 MB row (which DuckDB's reader dropped without a word) and stores nothing", async () => {
    const copy = fixture();
    appendFileSync(join(copy.submission, "students.csv"), studentRow("x".repeat(50 * MB)));
    const before = await warehouseChecksums(warehouse);
    const [outcome] = await ingestSubmissions(warehouse, discoverSubmissions(copy.submission));
    expect(outcome!.status).toBe("rejected");
    const groups = outcome!.report.groups.map((g) => [g.rule, g.file, g.count]);
    expect(groups).toEqual([["line-size", "students.csv", 1]]);
    expect(outcome!.report.issues[0]!.message).toBe(
      `students.csv line 8: the line is ${(PREFIX + 50 * MB).toLocaleString("en-US")} bytes, over the maximum of 1,048,576; the file's other rows were not checked`,
    );
    expect(await warehouseChecksums(warehouse)).toEqual(before);
  });

  it("names a 3 MB row as over-long, not with DuckDB's message", async () => {
    const copy = fixture();
    appendFileSync(join(copy.submission, "students.csv"), studentRow("x".repeat(3 * MB)));
    const report = await validate(copy.submission);
    expect(report.issues.map((i) => [i.rule, i.line])).toEqual([["line-size", 8]]);
  });

  it("names a long quoted field as an over-long row, not an unterminated quote", async () => {
    const copy = fixture();
    appendFileSync(join(copy.submission, "students.csv"), studentRow(`"${"x".repeat(20 * MB)}"`));
    const report = await validate(copy.submission);
    expect(report.issues.map((i) => [i.rule, i.line])).toEqual([["line-size", 8]]);
    expect(report.issues[0]!.message).not.toContain("quote");
  });

  it("names a row of short lines joined by quoted line breaks, with where it starts, and the file's later rows are not misnumbered", async () => {
    const copy = fixture();
    const field = `"${`${"x".repeat(999)}\n`.repeat(3 * 1024)}"`;
    appendFileSync(
      join(copy.submission, "students.csv"),
      `${studentRow(field)}${studentRow("N").replace("99", "98")}`,
    );
    const report = await validate(copy.submission);
    expect(report.issues.map((i) => [i.rule, i.line])).toEqual([["line-size", 8]]);
    expect(report.issues[0]!.message).toMatch(
      /^students\.csv line 8: the row spans 3073 lines \(quoted line breaks\) and is 3,072,030 bytes/,
    );
  });

  it("says when an over-long row is a quote never closed", async () => {
    const copy = fixture();
    appendFileSync(join(copy.submission, "students.csv"), studentRow(`"${"N\n".repeat(MB)}`));
    const report = await validate(copy.submission);
    expect(report.issues.map((i) => [i.rule, i.line])).toEqual([["line-size", 8]]);
    expect(report.issues[0]!.message).toContain("a quote opened in it is never closed");
  });

  it("names lines ended by a carriage return alone, not dozens of unknown columns", async () => {
    const copy = fixture();
    const path = join(copy.submission, "students.csv");
    writeFileSync(path, readFileSync(path, "utf8").replaceAll("\n", "\r"));
    const report = await validate(copy.submission);
    expect(report.issues.map((i) => [i.rule, i.file, i.line])).toEqual([
      ["header", "students.csv", 1],
    ]);
    expect(report.issues[0]!.message).toContain("carriage return alone");
  });

  it("reads a quote inside an unquoted field as a character, as DuckDB does: the lines after it keep their numbers", async () => {
    const copy = fixture();
    const path = join(copy.submission, "survey_items.csv");
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    // CC1 lost its opening quote (line 3); an empty line 4; CC2 (lines 5-6); CC3 (line 7) has a
    // bad instrument
    lines[2] = 'CC1,CC,safety,staff,N,I feel safe at this school."\n';
    lines[5] = "CC3,XX,relationships,student,N,Adults here care about me.";
    writeFileSync(path, `${lines.join("\n")}\n`);
    const report = await validate(copy.submission);
    expect(report.issues.map((i) => [i.rule, i.file, i.line])).toEqual([
      ["code", "survey_items.csv", 7],
      ["blank-line", "survey_items.csv", 4],
    ]);
  });

  it("treats an empty line inside a quoted field as part of the field, not a skipped blank line", async () => {
    const copy = fixture();
    const path = join(copy.submission, "survey_items.csv");
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    // CC1's text holds an empty line (lines 3-5); CC3 (line 8) has a bad instrument
    lines[2] = 'CC1,CC,safety,staff,N,"I feel safe\n\nat this school."';
    lines[5] = "CC3,XX,relationships,student,N,Adults here care about me.";
    writeFileSync(path, `${lines.join("\n")}\n`);
    const report = await validate(copy.submission);
    expect(report.issues.map((i) => [i.rule, i.file, i.line])).toEqual([
      ["code", "survey_items.csv", 8],
    ]);
  });
});

describe("scanFile(path)", () => {
  it("counts over-long records, keeping where each starts, how many lines and bytes it spans", async () => {
    const dir = mkdtempSync(join(tmpdir(), "collab-scan-"));
    folders.push(dir);
    const path = join(dir, "x.csv");
    const long = "y".repeat(MAX_LINE_BYTES + 1);
    writeFileSync(path, `a,b\n1,${long}\n2,"${long.slice(2)}\n"\n3,"a""b"\n4,ok`);
    const scan = await scanFile(path);
    expect(scan.physicalLines).toBe(6);
    expect(scan.longLineCount).toBe(2);
    expect(scan.longLines).toEqual([
      { line: 2, lines: 1, bytes: MAX_LINE_BYTES + 3, unclosedQuote: false },
      { line: 3, lines: 2, bytes: MAX_LINE_BYTES + 4, unclosedQuote: false },
    ]);
  });

  it('opens a quoted field only at a field\'s start and reads "" inside one as a quote', async () => {
    const dir = mkdtempSync(join(tmpdir(), "collab-scan-"));
    folders.push(dir);
    const path = join(dir, "x.csv");
    // a stray quote on line 2 opens nothing, so line 3 is blank; line 4's field spans two lines
    writeFileSync(path, 'a,b\nx"y,z\n\n"q""\n",r\n\n');
    const scan = await scanFile(path);
    expect(scan.physicalLines).toBe(6);
    expect(scan.blankLines).toEqual([3, 6]);
  });

  it("finds nothing over-long in a file of short lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "collab-scan-"));
    folders.push(dir);
    const path = join(dir, "x.csv");
    writeFileSync(path, `a,b\n${"1,2\n".repeat(MAX_LINE_BYTES)}`);
    const scan = await scanFile(path);
    expect(scan.physicalLines).toBe(MAX_LINE_BYTES + 1);
    expect(scan.longLineCount).toBe(0);
  });
});
