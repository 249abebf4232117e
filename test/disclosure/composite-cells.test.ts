import { describe, expect, it } from "vitest";
import type { CompositeRelation } from "../../src/disclosure/composite-relations.ts";
import {
  type GroupResultRow,
  suppressGroupRows,
} from "../../src/disclosure/suppress-metric-rows.ts";

const CC: CompositeRelation = {
  composite: "culture_climate",
  components: ["culture_climate_student", "culture_climate_staff", "culture_climate_parent"],
  nIsSum: true,
  membership: "meets_floor_else_all",
};
const SEL: CompositeRelation = {
  composite: "sel_skills",
  components: ["sel_a", "sel_b", "sel_c", "sel_d"],
  nIsSum: false,
  membership: "with_value",
};
const rules = { minN: () => 20, composites: [CC, SEL] };
const row = (
  metric: string,
  student_group: string,
  n: number,
  value: number,
  meets_floor: boolean | null = true,
): GroupResultRow => ({
  school_code: "S",
  school_level: "elementary",
  metric,
  student_group,
  n,
  numerator: null,
  value,
  meets_floor,
});

describe("composites beside their components", () => {
  it("hides a second cell where the composite and all but one component are shown (the audit's culture-climate leak)", () => {
    // Seed 21, school 19610056094273, 2025: staff n = 19 hidden, but 2 × combined − student gave it.
    const rows = [
      row("culture_climate", "ALL", 50, 80.458430458),
      row("culture_climate_student", "ALL", 31, 73.504273504),
      row("culture_climate_staff", "ALL", 19, 87.412587412),
      row("culture_climate_parent", "ALL", 77, 80.272108843, false),
    ];
    const shown = suppressGroupRows(rows, rules);
    const v = (m: string) => shown.find((r) => r.metric === m)!;
    expect(v("culture_climate_staff").suppressed).toBe(true);
    expect(v("culture_climate").value === null || v("culture_climate_student").value === null).toBe(
      true,
    );
    // The parent survey is not in the mean (below its floor): it stays shown.
    expect(v("culture_climate_parent").value).not.toBeNull();
  });

  it("protects the composite's n as the sum of its members' n", () => {
    const rows = [
      row("culture_climate", "ALL", 60, 80),
      row("culture_climate_student", "ALL", 25, 70),
      row("culture_climate_staff", "ALL", 35, 90),
      row("culture_climate_parent", "ALL", 0, 0, false),
    ];
    // Nothing small: nothing hidden.
    expect(suppressGroupRows(rows, rules).every((r) => !r.suppressed)).toBe(true);
  });

  it("hides a second cell where a group's SEL composite gives its hidden skill back (the audit's AA case)", () => {
    const rows = [
      ...["ALL", "AA"].flatMap((g) => [
        row("sel_skills", g, g === "ALL" ? 80 : 25, 3.5),
        row("sel_a", g, g === "ALL" ? 80 : 25, 3.4),
        row("sel_b", g, g === "ALL" ? 80 : 24, 3.6),
        row("sel_c", g, g === "ALL" ? 80 : 22, 3.3),
        row("sel_d", g, g === "ALL" ? 78 : 19, 3.7),
      ]),
    ];
    const shown = suppressGroupRows(rows, rules).filter((r) => r.student_group === "AA");
    const hidden = shown.filter((r) => r.suppressed).map((r) => r.metric);
    expect(hidden).toContain("sel_d");
    expect(hidden.length).toBeGreaterThanOrEqual(2);
  });

  it("without the composite rule (control) the same rows leak", () => {
    const rows = [
      row("culture_climate", "ALL", 50, 80.458430458),
      row("culture_climate_student", "ALL", 31, 73.504273504),
      row("culture_climate_staff", "ALL", 19, 87.412587412),
    ];
    const shown = suppressGroupRows(rows, { minN: () => 20, composites: [] });
    const v = (m: string) => shown.find((r) => r.metric === m)!.value;
    expect(2 * v("culture_climate")! - v("culture_climate_student")!).toBeCloseTo(87.412587412, 6);
  });
});
