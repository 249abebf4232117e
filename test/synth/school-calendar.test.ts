import { describe, expect, it } from "vitest";
import { censusDay, schoolYearEnd, schoolYearStart } from "../../src/domain/school-year.ts";
import { schoolCalendar } from "../../src/synth/school-calendar.ts";

describe("schoolCalendar(year)", () => {
  it.each([2022, 2023, 2024, 2025])(
    "has 180 ascending weekday dates inside school year %i, census day among them",
    (year) => {
      const calendar = schoolCalendar(year);
      expect(calendar.days).toHaveLength(180);
      expect([...calendar.days].sort()).toEqual(calendar.days);
      expect(new Set(calendar.days).size).toBe(180);
      for (const day of calendar.days) {
        expect(day >= schoolYearStart(year) && day <= schoolYearEnd(year)).toBe(true);
        const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
        expect(weekday === 0 || weekday === 6).toBe(false);
      }
      expect(calendar.days[calendar.censusIndex]).toBe(censusDay(year));
      expect(calendar.days.some((d) => d.endsWith("-12-25") || d.endsWith("-01-01"))).toBe(false);
    },
  );
});
