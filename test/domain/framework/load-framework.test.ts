import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import {
  FrameworkError,
  loadFramework,
  parseFramework,
} from "../../../src/domain/framework/load-framework.ts";

const CORE = readFileSync("frameworks/core-sqii.yaml", "utf8");

/** core-sqii.yaml with `value` set (or the key deleted when undefined) at `path`. */
function edited(path: (string | number)[], value: unknown): string {
  const doc = parseDocument(CORE);
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, value);
  return String(doc);
}

function errorOf(text: string): FrameworkError {
  try {
    parseFramework(text, "bad.yaml");
  } catch (error) {
    if (error instanceof FrameworkError) return error;
    throw error;
  }
  throw new Error("expected a FrameworkError");
}

describe("loadFramework(path)", () => {
  it("loads core-sqii.yaml with the spec's settings", () => {
    const f = loadFramework("frameworks/core-sqii.yaml");
    expect(f.id).toBe("core-sqii");
    expect(f.suppression).toEqual({
      min_n: 20,
      complementary: true,
      protection: { rate_points: 10, percent_points: 10, scale_points: 0.5, distance_points: 20 },
    });
    expect(f.index.domain_weights).toEqual({ academic: 60, se_cc: 40 });
    expect(f.index.measure_level).toEqual({ all_students: 0.5, subgroups: 0.5 });
    expect(f.school_levels.elementary.grades).toEqual([-1, 5]);
    expect(f.measures.chronic_absence).toMatchObject({
      absence_threshold_percent: 10,
      min_days_enrolled: 31,
      direction: "lower",
    });
    expect(f.measures.hs_readiness).toMatchObject({
      gpa_min: 2.5,
      attendance_min_percent: 96,
      school_levels: ["middle"],
    });
    expect(f.measures.culture_climate?.respondents.parent.participation_floor).toEqual({
      elementary: 40,
      middle: 30,
      high: 25,
    });
    expect(f.measures.ela_growth?.reliability).toBe(0.88);
    expect(f.measures.math_growth?.reliability).toBe(0.9);
    expect(f.identification.priority).toEqual({
      lowest_percent: 5,
      title_i_only: false,
      graduation_rate_below: 67,
    });
    expect(f.pairing.partner_capacity).toBe(1);
  });

  it("gives every measure without its own min_n the suppression min n", () => {
    const f = parseFramework(edited(["measures", "suspension", "min_n"], 30), "x.yaml");
    expect(f.measures.suspension?.min_n).toBe(30);
    expect(f.measures.chronic_absence?.min_n).toBe(20);
  });

  it("names the file, the path and the bad value", () => {
    const error = errorOf(edited(["measures", "chronic_absence", "min_n"], 0));
    expect(error.message).toContain("bad.yaml");
    expect(error.message).toMatch(/measures\.chronic_absence\.min_n: .* \(got 0\)/);
    expect(error.issues).toEqual([
      expect.objectContaining({ path: "measures.chronic_absence.min_n", value: 0 }),
    ]);
  });

  it("rejects a value of the wrong type", () => {
    const error = errorOf(edited(["suppression", "min_n"], "twenty"));
    expect(error.message).toContain("suppression.min_n");
    expect(error.message).toContain('(got "twenty")');
  });

  it("rejects an unknown key instead of ignoring a typo", () => {
    const error = errorOf(edited(["measures", "chronic_absence", "threshold"], 12));
    expect(error.issues[0]).toMatchObject({ path: "measures.chronic_absence", value: 12 });
    expect(error.message).toContain('unknown key(s) "threshold"');
  });

  it("rejects an unknown measure id", () => {
    expect(errorOf(edited(["measures", "attendance_rate"], { label: "x" })).message).toContain(
      'unknown key(s) "attendance_rate"',
    );
  });

  it("rejects a school level that does not exist", () => {
    const error = errorOf(edited(["measures", "graduation", "school_levels"], ["high", "college"]));
    expect(error.issues[0]).toMatchObject({
      path: "measures.graduation.school_levels.1",
      value: "college",
    });
  });

  it("rejects domain weights that do not sum to 100", () => {
    const error = errorOf(edited(["index", "domain_weights", "academic"], 70));
    expect(error.issues[0]?.path).toBe("index.domain_weights");
    expect(error.message).toContain("sum to 100, got 110");
  });

  it("rejects an accountability group that is not reported", () => {
    const text = edited(["student_groups", "reporting"], ["ALL", "EL", "SED"]);
    const error = errorOf(text);
    expect(error.message).toContain('accountability group "SWD" is not a reporting group');
  });

  it("rejects a partner capacity above 2 and a participation floor above 100", () => {
    const doc = parseDocument(edited(["pairing", "partner_capacity"], 3));
    doc.setIn(
      ["measures", "culture_climate", "respondents", "parent", "participation_floor", "high"],
      125,
    );
    const error = errorOf(String(doc));
    expect(error.issues.map((i) => i.path)).toEqual([
      "measures.culture_climate.respondents.parent.participation_floor.high",
      "pairing.partner_capacity",
    ]);
  });

  it("reports a missing required setting", () => {
    const error = errorOf(edited(["measures", "hs_readiness", "gpa_min"], undefined));
    expect(error.issues[0]).toMatchObject({
      path: "measures.hs_readiness.gpa_min",
      value: undefined,
    });
    expect(error.message).toContain("(got nothing)");
  });

  it("reports YAML syntax errors with their line", () => {
    const error = errorOf("id: core\nmeasures: [unclosed\n");
    expect(error.message).toMatch(/line \d+, column \d+: YAML syntax/);
  });

  it("reports a file that cannot be read", () => {
    expect(() => loadFramework("frameworks/nope.yaml")).toThrow(
      /invalid framework file frameworks\/nope\.yaml:[\s\S]*cannot read file/,
    );
  });

  it("reads through the file system passed in", () => {
    const f = loadFramework("virtual.yaml", () => edited(["suppression", "min_n"], 11));
    expect(f.suppression.min_n).toBe(11);
  });
});
