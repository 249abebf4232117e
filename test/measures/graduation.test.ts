import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  compute,
  has,
  insert,
  openWarehouse,
  result,
  school,
  schoolCode,
  sid,
  student,
} from "./fixture.ts";

describe("graduation", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
  });
  afterEach(() => w.close());

  it("divides regular diplomas by the cohort without transfers out, emigrants and deceased", async () => {
    await insert(w, "schools", [school(1, "high"), school(2, "elementary;middle")]);
    const outcomes = ["GRD", "GRD", "GRD", "CON", "DRP", "CHS", "TRO", "EMI", "DEC"];
    await insert(
      w,
      "students",
      outcomes.map((_, i) => student(i + 1, i < 2 ? { sed: true } : {})),
    );
    await insert(
      w,
      "graduation_cohort",
      outcomes.map((outcome, i) => ({
        student_id: sid(i + 1),
        school_code: schoolCode(1),
        cohort_entry_year: 2021,
        outcome,
        outcome_date: outcome === "CON" ? null : "2024-06-01",
      })),
    );
    const rows = await compute(w);
    // Cohort: GRD×3, CON, DRP, CHS = 6; graduates 3.
    expect(result(rows, "graduation", 1, "high")).toMatchObject({ n: 6, numerator: 3, value: 50 });
    expect(result(rows, "graduation", 1, "high", "SED")).toMatchObject({
      n: 2,
      numerator: 2,
      value: 100,
    });
    expect(has(rows, "graduation", 2, "middle")).toBe(false);
  });
});
