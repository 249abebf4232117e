import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { warehouseChecksums } from "../ingest/warehouse-checksums.ts";
import {
  fixtureFiles,
  pollAs,
  type SubmissionHarness,
  startSubmissionHarness,
  upload,
} from "./submission-harness.ts";
import { zipBytes } from "./zip-bytes.ts";

const D1 = "0100001";
const YEAR = 2024;
/** Small limits so the tests send kilobytes, not gigabytes. */
const LIMITS = {
  maxFileBytes: 64 * 1024,
  maxTotalBytes: 96 * 1024,
  maxZipBytes: 64 * 1024,
  maxZipRatio: 50,
  maxFiles: 12,
};

interface Detail {
  status: string;
  message: string;
  report: {
    groups: {
      rule: string;
      file: string;
      examples: {
        line: number | null;
        column: string | null;
        value: string | null;
        message: string;
      }[];
    }[];
  } | null;
}

let h: SubmissionHarness;
let before: Record<string, string>;
const files = () => [...fixtureFiles()].map(([name, data]) => ({ name, data }));

beforeAll(async () => {
  h = await startSubmissionHarness(LIMITS);
  // a year already accepted: every refusal below must leave it exactly as it is
  const res = await upload(h.app, "district_admin", D1, YEAR, files());
  const done = await pollAs<Detail>(
    h.app,
    "district_admin",
    `/api/submissions/${res.json().id}`,
    (b) => ["accepted", "rejected", "failed"].includes(b.status),
  );
  expect(done.status).toBe("accepted");
  before = await warehouseChecksums(h.warehouse);
}, 60_000);
afterAll(() => h.close());

/** Uploads `parts`; expects a refusal with `status` and `code`, nothing staged, the warehouse unchanged. */
async function refused(
  parts: { name: string; data: Buffer | string }[],
  status: number,
  code: string,
  says: RegExp,
): Promise<void> {
  const res = await upload(h.app, "district_admin", D1, YEAR, parts);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(says);
  expect(readdirSync(h.uploadsDir)).toEqual([]);
  expect(await warehouseChecksums(h.warehouse)).toEqual(before);
}

/** Uploads `parts`; waits for the job to reject them; the warehouse unchanged. */
async function rejected(parts: { name: string; data: Buffer | string }[]): Promise<Detail> {
  const res = await upload(h.app, "district_admin", D1, YEAR, parts);
  expect(res.statusCode, res.body).toBe(202);
  const done = await pollAs<Detail>(
    h.app,
    "district_admin",
    `/api/submissions/${res.json().id}`,
    (b) => ["accepted", "rejected", "failed"].includes(b.status),
  );
  expect(done.status).toBe("rejected");
  expect(await warehouseChecksums(h.warehouse)).toEqual(before);
  return done;
}

describe("hostile uploads get a clear refusal and change nothing", () => {
  it("a file over the per-file limit", async () => {
    const big = `${"x".repeat(LIMITS.maxFileBytes + 10)}\n`;
    await refused(
      [{ name: "students.csv", data: big }],
      413,
      "too_large",
      /"students\.csv" is larger than the file limit of 64 KiB/,
    );
  });

  it("files together over the total limit", async () => {
    const chunk = `${"y".repeat(40 * 1024)}\n`;
    await refused(
      [
        { name: "a.csv", data: chunk },
        { name: "b.csv", data: chunk },
        { name: "c.csv", data: chunk },
      ],
      413,
      "too_large",
      /the upload is larger than its limit of 96 KiB \(at "c\.csv"\)/,
    );
  });

  it("a zip bomb whose entry declares a huge inflation ratio", async () => {
    const zeros = Buffer.alloc(60 * 1024);
    await refused(
      [{ name: "year.zip", data: zipBytes([{ name: "students.csv", data: zeros }]) }],
      413,
      "zip_bomb",
      /year\.zip: students\.csv inflates \d+× .* over the limit of 50×: it looks like a zip bomb/,
    );
  });

  it("a zip bomb whose headers lie about its size: inflating stops past what it declared", async () => {
    const zeros = Buffer.alloc(2 * 1024 * 1024);
    await refused(
      [
        {
          name: "year.zip",
          data: zipBytes([{ name: "students.csv", data: zeros, declaredSize: 4096 }]),
        },
      ],
      413,
      "zip_bomb",
      /inflates past the 4 KiB it declares: stopped, it looks like a zip bomb/,
    );
  });

  it.each([
    ["../schools.csv", /relative path/],
    ["/etc/schools.csv", /absolute path/],
    ["..\\..\\schools.csv", /backslash/],
    ["C:/data/schools.csv", /absolute path/],
  ])("a path in a zip entry name: %s", async (name, why) => {
    await refused(
      [{ name: "year.zip", data: zipBytes([{ name, data: "school_code\n" }]) }],
      400,
      "unsafe_name",
      why,
    );
  });

  it("a path in an uploaded file's name is cut to the name: nothing is written outside the staging folder", async () => {
    const done = await rejected([{ name: "../../schools.csv", data: "school_code\n" }]);
    expect(done.report!.groups.map((g) => g.rule)).toContain("missing-file");
    expect(readdirSync(h.uploadsDir)).toEqual([]);
  });

  it("a file that is not UTF-8: rejected naming the line and the encoding it looks like", async () => {
    const latin1 = files().map((f) =>
      f.name === "schools.csv"
        ? {
            ...f,
            data: Buffer.from(f.data.replace("Alder Elementary", "Álder Elementary"), "latin1"),
          }
        : f,
    );
    const done = await rejected(latin1);
    const encoding = done.report!.groups.find((g) => g.rule === "encoding")!;
    expect(encoding.file).toBe("schools.csv");
    expect(encoding.examples[0]!.message).toMatch(/Latin-1|Windows-1252/);
    expect(encoding.examples[0]!.message).toMatch(/line 2/);
  });

  it("a UTF-16 file: rejected naming the encoding", async () => {
    const utf16 = files().map((f) =>
      f.name === "students.csv"
        ? { ...f, data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(f.data, "utf16le")]) }
        : f,
    );
    const done = await rejected(utf16);
    const encoding = done.report!.groups.find((g) => g.rule === "encoding")!;
    expect(encoding.file).toBe("students.csv");
    expect(encoding.examples[0]!.message).toMatch(/UTF-16/);
  });

  it("a spreadsheet saved as CSV with formulas: each formula cell named by line, column and value", async () => {
    const formulas = files().map((f) =>
      f.name === "schools.csv"
        ? {
            ...f,
            data: f.data
              .replace("Alder Elementary", "=UPPER(B3)")
              .replace(",Alder Unified,", ",@SUM(A1),"),
          }
        : f.name === "enrollments.csv"
          ? { ...f, data: f.data.replace(",180,21,Y", ",=B2*2,21,Y") }
          : f,
    );
    const done = await rejected(formulas);
    const formula = done.report!.groups.find((g) => g.rule === "formula")!;
    expect(formula.file).toBe("schools.csv");
    expect(formula.examples.map((e) => [e.line, e.column])).toEqual([
      [2, "school_name"],
      [2, "district_name"],
    ]);
    expect(formula.examples[0]!.message).toMatch(/looks like a spreadsheet formula/);
    // a formula in a number column is refused by its type rule
    const type = done.report!.groups.find(
      (g) => g.rule === "type" && g.file === "enrollments.csv",
    )!;
    expect(type.examples[0]).toMatchObject({ line: 3, column: "days_enrolled", value: "=B2*2" });
  });

  it("records every refusal in the history as rejected, with its reason", async () => {
    const { getAs } = await import("./submission-harness.ts");
    const history = (
      await getAs(h.app, "district_admin", `/api/submissions?district=${D1}`)
    ).json();
    const refusals = history.submissions.filter(
      (s: { files: unknown[]; status: string }) => s.status === "rejected" && s.files.length === 0,
    );
    expect(refusals.length).toBe(8);
    expect(refusals.every((s: { message: string }) => s.message.length > 20)).toBe(true);
  });
});
