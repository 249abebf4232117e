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
  schoolCode,
  sid,
  student,
} from "./fixture.ts";

const ITEMS: [string, string, boolean][] = [
  ["gm1", "growth_mindset", false],
  ["gm2", "growth_mindset", false],
  ["gm3", "growth_mindset", true],
  ["gm4", "growth_mindset", false],
  ["se1", "self_efficacy", false],
  ["se2", "self_efficacy", false],
  ["sm1", "self_management", false],
  ["sm2", "self_management", false],
  ["sa1", "social_awareness", false],
  ["sa2", "social_awareness", false],
];

function respondent(id: string, grade: number, n: number | null) {
  return {
    respondent_id: id,
    school_code: schoolCode(1),
    respondent_type: "student",
    grade,
    student_id: n === null ? null : sid(n),
  };
}

function answers(id: string, byItem: Record<string, number>) {
  return Object.entries(byItem).map(([item_id, answer]) => ({
    respondent_id: id,
    item_id,
    answer,
  }));
}

describe("sel_skills", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
    await insert(w, "schools", [school(1, "elementary;middle", { low_grade: 0, high_grade: 8 })]);
    await insert(
      w,
      "students",
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => student(n, n === 2 ? { sed: true } : {})),
    );
    await insert(w, "enrollments", [
      ...[1, 2, 4].map((n) => enrollment(n, 1, 5)),
      enrollment(5, 1, 3),
      enrollment(6, 1, 4),
      ...[3, 7, 8].map((n) => enrollment(n, 1, 6 + (n % 3))),
    ]);
    await insert(
      w,
      "survey_items",
      ITEMS.map(([item_id, construct, reverse]) => ({
        item_id,
        instrument: "SEL",
        construct,
        respondent_type: "student",
        reverse_coded: reverse,
        item_text: `item ${item_id}`,
      })),
    );
    await insert(w, "survey_respondents", [
      respondent("r1", 5, 1),
      respondent("r2", 5, 2),
      respondent("r3", 6, null), // anonymous: ALL only
      respondent("r4", 5, 4), // answered nothing
      respondent("r5", 3, 5), // grade 3 is not surveyed
    ]);
    await insert(w, "survey_responses", [
      // r1: growth mindset 3 of 4 answered, gm3 reversed (6 - 2 = 4) → (5 + 4 + 4) / 3;
      // self-efficacy 1 of 2 (exactly half) → 3; social awareness → 1.5.
      ...answers("r1", { gm1: 5, gm2: 4, gm3: 2, se1: 3, sa1: 1, sa2: 2 }),
      // r2: growth mindset 1 of 4 (< half): no score; self-efficacy 4.5; self-management 3.
      ...answers("r2", { gm1: 3, se1: 5, se2: 4, sm1: 4, sm2: 2 }),
      ...answers("r3", { gm1: 4, gm2: 4 }),
      ...answers("r5", { gm1: 5, gm2: 5, se1: 5, se2: 5 }),
    ]);
  });
  afterEach(() => w.close());

  it("scores a construct as the mean of answered items when at least half are answered, reversing reverse-coded items", async () => {
    const rows = await compute(w);
    const gm = result(rows, "sel_growth_mindset", 1, "elementary");
    expect(gm.n).toBe(1);
    expect(gm.value).toBeCloseTo(13 / 3, 10);
    expect(result(rows, "sel_self_efficacy", 1, "elementary")).toMatchObject({ n: 2, value: 3.75 });
    expect(result(rows, "sel_self_management", 1, "elementary")).toMatchObject({ n: 1, value: 3 });
    expect(result(rows, "sel_social_awareness", 1, "elementary")).toMatchObject({
      n: 1,
      value: 1.5,
    });
  });

  it("averages the four construct values into the composite, counting respondents with any score", async () => {
    const rows = await compute(w);
    const composite = result(rows, "sel_skills", 1, "elementary");
    expect(composite.n).toBe(2); // r4 answered nothing, r5 is in grade 3
    expect(composite.numerator).toBeNull();
    expect(composite.value).toBeCloseTo((13 / 3 + 3.75 + 3 + 1.5) / 4, 10);
    // SED = student 2 only: self-efficacy 4.5 and self-management 3.
    expect(result(rows, "sel_skills", 1, "elementary", "SED")).toMatchObject({ n: 1, value: 3.75 });
  });

  it("reports anonymous respondents in ALL only and by the level of their grade", async () => {
    const rows = await compute(w);
    expect(result(rows, "sel_skills", 1, "middle")).toMatchObject({ n: 1, value: 4 });
    expect(has(rows, "sel_skills", 1, "middle", "HI")).toBe(false);
    expect(result(rows, "sel_skills", 1, "elementary", "HI")).toMatchObject({ n: 2 });
  });

  it("records participation against census enrollment in the surveyed grades and the floor", async () => {
    const rows = await compute(w);
    // Elementary, grades 4-5 on census day: students 1, 2, 4, 6; respondents with a score: r1, r2.
    expect(result(rows, "sel_skills", 1, "elementary")).toMatchObject({
      participation: 50,
      meets_floor: true,
    });
    expect(result(rows, "sel_skills", 1, "elementary", "SED")).toMatchObject({ participation: 50 });
    // Middle: students 3, 7, 8; one respondent.
    const middle = result(rows, "sel_skills", 1, "middle");
    expect(middle.participation).toBeCloseTo(100 / 3, 10);
    expect(middle.meets_floor).toBe(false);
  });
});
