import { describe, expect, it } from "vitest";
import { schoolReportData } from "../../src/results/run-report-data.ts";

const SCHOOL = "01000010000001";
const school = [SCHOOL, "Alpha", "0100001", "D", 2024, "elementary", true, false];
const metric = (n: unknown) => [
  SCHOOL,
  "elementary",
  "chronic_absence",
  "ALL",
  n,
  4,
  12.9,
  6,
  -1.5,
  null,
  null,
];

function data(metrics: unknown[][]): Map<string, string> {
  return new Map([
    [SCHOOL, JSON.stringify({ school, index: [], metrics, trend: [], growth: [], inputs: [] })],
  ]);
}

describe("schoolReportData(data, schoolCode)", () => {
  it("gives the school's rows as objects of their declared shapes", () => {
    const d = schoolReportData(data([metric(31)]), SCHOOL)!;
    expect(d.school.school_name).toBe("Alpha");
    expect(d.metricRows).toEqual([
      {
        school_code: SCHOOL,
        school_level: "elementary",
        metric: "chronic_absence",
        student_group: "ALL",
        n: 31,
        numerator: 4,
        value: 12.9,
        level: 6,
        change_1: -1.5,
        change_2: null,
        change_3: null,
      },
    ]);
  });

  it("fails on a row whose column holds another type, naming table, school, row and column", () => {
    expect(() => schoolReportData(data([metric(31), metric("31")]), SCHOOL)).toThrow(
      `metric_results and metric_levels (school ${SCHOOL}) row 2: column "n" holds "31" (string), declared integer`,
    );
  });

  it("fails on a row that lacks a column", () => {
    expect(() => schoolReportData(data([metric(31).slice(0, 10)]), SCHOOL)).toThrow(
      `metric_results and metric_levels (school ${SCHOOL}) row 1: column "change_3" is missing (declared number or null)`,
    );
  });
});
