import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { formatReport } from "../../src/ingest/format-report.ts";
import { scanFile } from "../../src/ingest/scan-file.ts";
import { dropStaging, validateSubmission } from "../../src/ingest/validate-submission.ts";
import type { ValidationReport } from "../../src/ingest/validation-report.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { appendLine, copyFixture } from "./submission-fixture.ts";

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

/** Rewrites a file's text in another encoding (`bom` bytes first). */
function reencode(path: string, encoding: BufferEncoding, bom: number[] = []): void {
  const text = readFileSync(path, "utf8");
  writeFileSync(path, Buffer.concat([Buffer.from(bom), Buffer.from(text, encoding)]));
}

/** UTF-16BE bytes of a string (Node has no big-endian encoder). */
function utf16be(text: string): Buffer {
  return Buffer.from(text, "utf16le").swap16();
}

const rules = (report: ValidationReport) =>
  report.groups.map((g) => [g.rule, g.file, g.count] as const);

describe("a file that is not UTF-8 is named for its encoding, first", () => {
  it("UTF-16LE with a byte order mark: one encoding error, no garbled column names", async () => {
    const report = await validateEdited((d) =>
      reencode(join(d, "students.csv"), "utf16le", [0xff, 0xfe]),
    );
    expect(rules(report)).toEqual([["encoding", "students.csv", 1]]);
    expect(report.issues[0]!.message).toBe(
      "students.csv: the file is UTF-16LE (byte order mark FF FE), not UTF-8; save it as UTF-8 (CSV UTF-8) and submit again. It was not read",
    );
  });

  it("UTF-16 without a byte order mark, by its NUL bytes (little- and big-endian)", async () => {
    const report = await validateEdited((d) => {
      reencode(join(d, "schools.csv"), "utf16le");
      const path = join(d, "students.csv");
      writeFileSync(path, utf16be(readFileSync(path, "utf8")));
    });
    expect(rules(report)).toEqual([
      ["encoding", "schools.csv", 1],
      ["encoding", "students.csv", 1],
    ]);
    expect(report.issues.map((i) => i.message.split(" (")[0])).toEqual([
      "schools.csv: the file is UTF-16LE",
      "students.csv: the file is UTF-16BE",
    ]);
  });

  it("a NUL byte in a UTF-8 file, with its line", async () => {
    const report = await validateEdited((d) => {
      const path = join(d, "enrollments.csv");
      const lines = readFileSync(path, "utf8").split("\n");
      lines[3] = `${lines[3]}\0`;
      writeFileSync(path, lines.join("\n"));
    });
    expect(report.issues.map((i) => [i.rule, i.file, i.line])).toEqual([
      ["encoding", "enrollments.csv", 4],
    ]);
  });

  it("bytes that are not UTF-8 in the header: an encoding error, not unknown columns", async () => {
    const report = await validateEdited((d) => {
      const path = join(d, "students.csv");
      const text = readFileSync(path, "utf8").replace("gender", "g\u00e9nder");
      writeFileSync(path, Buffer.from(text, "latin1"));
    });
    expect(report.issues.map((i) => [i.rule, i.file, i.line])).toEqual([
      ["encoding", "students.csv", 1],
    ]);
  });

  it("a UTF-8 byte order mark is fine", async () => {
    const report = await validateEdited((d) =>
      reencode(join(d, "students.csv"), "utf8", [0xef, 0xbb, 0xbf]),
    );
    expect(report.groups).toEqual([]);
  });
});

describe("a Latin-1 line: its encoding error comes first, with the errors that follow from it counted under it", () => {
  const latin1Schools = (d: string) => {
    const path = join(d, "schools.csv");
    writeFileSync(
      path,
      Buffer.from(
        readFileSync(path, "utf8").replace("Alder Elementary", "Älder Elementary"),
        "latin1",
      ),
    );
  };

  it("lists one encoding error (line 2, school_name) and no reference errors for the school's rows elsewhere", async () => {
    const report = await validateEdited(latin1Schools);
    expect(report.errorCount).toBe(1);
    const [group] = report.groups;
    expect([group!.rule, group!.file]).toEqual(["encoding", "schools.csv"]);
    expect(group!.examples.map((i) => [i.line, i.column])).toEqual([
      [null, null],
      [2, "school_name"],
    ]);
    expect(group!.examples[0]!.message).toBe(
      "schools.csv: the file is not UTF-8: 1 line(s) hold bytes that are not UTF-8, the first on line 2 (probably Latin-1 or Windows-1252); save it as UTF-8 (CSV UTF-8) and submit again. Those lines were not read",
    );
    expect(group!.knockOn).toEqual([
      { rule: "reference", file: "enrollments.csv", column: "school_code", count: 3 },
      { rule: "reference", file: "test_results.csv", column: "school_code", count: 4 },
      { rule: "reference", file: "discipline.csv", column: "school_code", count: 1 },
      { rule: "reference", file: "survey_respondents.csv", column: "school_code", count: 2 },
    ]);
    const text = formatReport(report);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "0100001/2024: 1 error(s), 0 warning(s)",
      "  error encoding in schools.csv: 1",
      `    ${group!.examples[0]!.message}`,
      "    schools.csv line 2, column school_name: bytes that are not UTF-8",
    ]);
    expect(text).toContain(
      "    so 3 row(s) of enrollments.csv refer by school_code to rows rejected here (reference errors that follow from these, not listed)",
    );
  });

  it("still lists a reference to a school that is in no row at all", async () => {
    const report = await validateEdited((d) => {
      latin1Schools(d);
      appendLine(join(d, "enrollments.csv"), "1000000001,01000010000099,3,2023-08-16,,180,7,Y");
    });
    expect(rules(report).slice(0, 2)).toEqual([
      ["encoding", "schools.csv", 1],
      ["reference", "enrollments.csv", 1],
    ]);
    expect(report.issues.find((i) => i.rule === "reference")!.value).toBe("01000010000099");
  });

  it("counts under a parse error too (a student row with too many fields)", async () => {
    const report = await validateEdited((d) => {
      const path = join(d, "students.csv");
      writeFileSync(
        path,
        readFileSync(path, "utf8").replace(
          "1000000001,F,HI,Y,N,,EO,,,N,N",
          '"1000000001",F,HI,Y,N,,EO,,,N,N,extra',
        ),
      );
    });
    expect(report.groups[0]!.rule).toBe("parse");
    expect(report.groups[0]!.knockOn.map((k) => [k.file, k.column, k.count])).toEqual(
      expect.arrayContaining([["enrollments.csv", "student_id", 1]]),
    );
    expect(report.groups.filter((g) => g.rule === "reference")).toEqual([]);
  });
});

describe("an action whose enrollment row was rejected", () => {
  it("is counted under the enrollment's parse error, not listed as discipline-enrollment", async () => {
    const report = await validateEdited((d) => {
      const path = join(d, "enrollments.csv");
      const lines = readFileSync(path, "utf8").split("\n");
      // 1000000002's enrollment at 01000010000011, which covers its action D-2 on 2024-03-04
      lines[2] = `${lines[2]},extra`;
      writeFileSync(path, lines.join("\n"));
    });
    const errors = report.groups.filter((g) => g.severity === "error");
    expect(errors.map((g) => [g.rule, g.file, g.count])).toEqual([["parse", "enrollments.csv", 1]]);
    expect(errors[0]!.knockOn).toEqual([
      {
        rule: "discipline-enrollment",
        file: "discipline.csv",
        column: "student_id and school_code",
        count: 1,
      },
    ]);
  });
});

describe("scanFile(path).encoding", () => {
  const dir = mkdtempSync(join(tmpdir(), "collab-encoding-"));
  folders.push(dir);

  it("is null for UTF-8 whose multi-byte characters straddle the 1 MiB read chunks", async () => {
    const path = join(dir, "utf8.csv");
    // "é" is 2 bytes; an odd offset puts one across the first chunk boundary
    writeFileSync(path, `a,b\nx,${"é".repeat(600_000)}\n`);
    expect((await scanFile(path)).encoding).toBeNull();
  });

  it("counts the lines that hold bytes that are not UTF-8, naming the first", async () => {
    const path = join(dir, "latin1.csv");
    writeFileSync(path, Buffer.from("a,b\nx,y\nx,é\nx,y\nx,ü\n", "latin1"));
    expect((await scanFile(path)).encoding).toEqual({ kind: "invalid-utf8", line: 3, lines: 2 });
  });
});
