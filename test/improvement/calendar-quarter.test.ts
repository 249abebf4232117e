import { describe, expect, it } from "vitest";
import {
  InvalidQuarterError,
  inQuarter,
  monthsEnding,
  parseQuarter,
  quarterOf,
} from "../../src/improvement/calendar-quarter.ts";

describe("quarterOf(day) and parseQuarter(key)", () => {
  it("puts the last day of March in Q1 and the first of April in Q2", () => {
    expect(quarterOf("2026-03-31").key).toBe("2026-Q1");
    expect(quarterOf("2026-04-01")).toEqual({
      key: "2026-Q2",
      start: "2026-04-01",
      end: "2026-07-01",
      months: ["2026-04", "2026-05", "2026-06"],
    });
  });

  it("ends Q4 on the first day of the next year", () => {
    const q4 = parseQuarter("2026-Q4");
    expect([q4.start, q4.end]).toEqual(["2026-10-01", "2027-01-01"]);
    expect(inQuarter("2026-12-31", q4)).toBe(true);
    expect(inQuarter("2027-01-01", q4)).toBe(false);
    expect(inQuarter("2026-09-30", q4)).toBe(false);
  });

  it("names a key that is not YYYY-Qn", () => {
    expect(() => parseQuarter("2026-Q5")).toThrow(InvalidQuarterError);
    expect(() => parseQuarter("2026Q1")).toThrow('invalid quarter "2026Q1"');
  });
});

describe("monthsEnding(last, count)", () => {
  it("counts back across the turn of the year, oldest first", () => {
    expect(monthsEnding("2026-02", 4)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsEnding("2026-12", 12)[0]).toBe("2026-01");
  });
});
