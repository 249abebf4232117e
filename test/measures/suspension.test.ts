import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  compute,
  enrollment,
  insert,
  openWarehouse,
  result,
  school,
  schoolCode,
  sid,
  student,
} from "./fixture.ts";

function action(id: string, n: number, schoolN: number, kind: string) {
  return {
    action_id: id,
    student_id: sid(n),
    school_code: schoolCode(schoolN),
    action: kind,
    action_date: "2023-10-10",
    days: 1,
  };
}

describe("suspension", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
  });
  afterEach(() => w.close());

  it("divides students suspended or expelled at least once at the school by its cumulative enrollment", async () => {
    await insert(w, "schools", [school(1, "high"), school(2, "high")]);
    await insert(
      w,
      "students",
      [1, 2, 3, 4].map((n) => student(n, n === 2 ? { race_ethnicity: "AA" } : {})),
    );
    await insert(w, "enrollments", [
      enrollment(1, 1, 9),
      enrollment(2, 1, 10, { days_enrolled: 3, census_day: false }), // any stint counts, however short
      enrollment(3, 1, 11),
      enrollment(4, 1, 9, { exit_date: "2023-11-01", days_enrolled: 50 }),
      enrollment(4, 2, 9, { entry_date: "2023-11-06", days_enrolled: 130, census_day: false }),
    ]);
    await insert(w, "discipline", [
      action("a1", 1, 1, "OSS"),
      action("a2", 1, 1, "ISS"), // twice: still one student
      action("a3", 2, 1, "EXP"),
      action("a4", 4, 2, "ISS"), // suspended at school 2, not school 1
    ]);
    const rows = await compute(w);
    expect(result(rows, "suspension", 1, "high")).toMatchObject({ n: 4, numerator: 2, value: 50 });
    expect(result(rows, "suspension", 1, "high", "AA")).toMatchObject({
      n: 1,
      numerator: 1,
      value: 100,
    });
    expect(result(rows, "suspension", 2, "high")).toMatchObject({ n: 1, numerator: 1, value: 100 });
  });
});
