import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  compute,
  enrollment,
  has,
  insert,
  openWarehouse,
  result,
  school,
  student,
} from "./fixture.ts";

describe("el_redesignation", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
  });
  afterEach(() => w.close());

  it("divides last census's English learners reclassified since then by those enrolled at the school this census", async () => {
    const prior = { year: 2023 };
    await insert(w, "schools", [school(1, "elementary")], prior);
    await insert(w, "schools", [school(1, "elementary")]);
    // Prior year (census 2022-10-05): students 1-5 EL, 6 EO; student 5 not enrolled on census day.
    await insert(
      w,
      "students",
      [1, 2, 3, 4, 5, 6].map((n) =>
        student(n, n <= 5 ? { el_status: "EL", elpac_level: 3, swd: n === 1 } : {}),
      ),
      prior,
    );
    await insert(
      w,
      "enrollments",
      [1, 2, 3, 4, 5, 6].map((n) =>
        enrollment(n, 1, 3, { entry_date: "2022-08-15", census_day: n !== 5 }),
      ),
      prior,
    );
    // This year: 1 reclassified 2024-03-01, 2 reclassified 2023-03-01 (after the prior census),
    // 3 still EL, 4 left the district, 5 reclassified but was not an EL at the prior census,
    // 6 was never EL.
    await insert(w, "students", [
      student(1, { el_status: "RFEP", reclassification_date: "2024-03-01", swd: true }),
      student(2, { el_status: "RFEP", reclassification_date: "2023-03-01" }),
      student(3, { el_status: "EL", elpac_level: 3 }),
      student(5, { el_status: "RFEP", reclassification_date: "2024-02-01" }),
      student(6),
    ]);
    await insert(
      w,
      "enrollments",
      [1, 2, 3, 5, 6].map((n) => enrollment(n, 1, 4)),
    );
    const rows = await compute(w);
    // Denominator: students 1, 2, 3 (4 is gone, 5 was not enrolled on the prior census day).
    expect(result(rows, "el_redesignation", 1, "elementary")).toMatchObject({ n: 3, numerator: 2 });
    expect(result(rows, "el_redesignation", 1, "elementary").value).toBeCloseTo(200 / 3, 10);
    expect(has(rows, "el_redesignation", 1, "elementary", "SWD")).toBe(false);
  });

  it("does not count a reclassification before the prior census day", async () => {
    const prior = { year: 2023 };
    await insert(w, "schools", [school(1, "elementary")], prior);
    await insert(w, "schools", [school(1, "elementary")]);
    await insert(w, "students", [student(1, { el_status: "EL", elpac_level: 4 })], prior);
    await insert(w, "enrollments", [enrollment(1, 1, 3, { entry_date: "2022-08-15" })], prior);
    // Inconsistent but possible data: the date predates the census at which the student was EL.
    await insert(w, "students", [
      student(1, { el_status: "RFEP", reclassification_date: "2022-09-01" }),
    ]);
    await insert(w, "enrollments", [enrollment(1, 1, 4)]);
    const rows = await compute(w);
    expect(result(rows, "el_redesignation", 1, "elementary")).toMatchObject({ n: 1, numerator: 0 });
  });
});
