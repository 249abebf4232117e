import { describe, expect, it } from "vitest";
import {
  DistrictOverlayError,
  parseDistrictOverlay,
} from "../../../src/domain/framework/load-district-overlay.ts";
import { loadFramework } from "../../../src/domain/framework/load-framework.ts";

const framework = loadFramework("frameworks/core-sqii.yaml");

const GOOD = `district: "0100001"
extends: core-sqii
name: Test Unified local measures
measures:
  severe_absence:
    label: Severe chronic absence
    description: Students missing 20% or more of their enrolled days.
    base: chronic_absence
    settings:
      absence_threshold_percent: 20
    direction: lower
    weight: 2
`;

function issuesOf(text: string) {
  try {
    parseDistrictOverlay(text, "districts/0100001.yaml", framework);
  } catch (error) {
    if (error instanceof DistrictOverlayError) return error;
    throw error;
  }
  throw new Error("expected a DistrictOverlayError");
}

describe("parseDistrictOverlay(text, file, framework)", () => {
  it("merges a local measure's settings over its base measure's", () => {
    const loaded = parseDistrictOverlay(GOOD, "o.yaml", framework);
    const merged = loaded.settings.get("severe_absence")!;
    expect(merged.absence_threshold_percent).toBe(20);
    expect(merged.min_days_enrolled).toBe(framework.measures.chronic_absence!.min_days_enrolled);
    expect(merged.min_n).toBe(20);
    expect(loaded.overlay.measures.severe_absence!.weight).toBe(2);
  });

  it("names file, line, column and value of a setting out of range", () => {
    const error = issuesOf(
      GOOD.replace("absence_threshold_percent: 20", "absence_threshold_percent: 140"),
    );
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({
      line: 10,
      column: 34,
      path: "measures.severe_absence.settings.absence_threshold_percent",
      value: 140,
    });
    expect(error.message).toContain("districts/0100001.yaml:10:34");
    expect(error.message).toContain("(got 140)");
  });

  it("names an unknown base measure and an unknown key with their lines", () => {
    const error = issuesOf(
      GOOD.replace("base: chronic_absence", "base: attendance").replace(
        "    weight: 2",
        "    weight: 2\n    colour: red",
      ),
    );
    const byPath = new Map(error.issues.map((i) => [i.path, i]));
    expect(byPath.get("measures.severe_absence.base")).toMatchObject({
      line: 8,
      column: 11,
      value: "attendance",
    });
    expect(byPath.get("measures.severe_absence.colour")).toMatchObject({
      line: 13,
      column: 13,
      value: "red",
    });
  });

  it("refuses another framework, a weight on a non-percent measure and a setting the base does not have", () => {
    const text = `district: "0100001"
extends: ca-dashboard
name: x
measures:
  dfs_local:
    label: DFS
    description: Distance from standard.
    base: ela_distance_from_standard
    direction: higher
    weight: 1
  absence:
    label: A
    description: A.
    base: chronic_absence
    settings:
      threshold: 3
    direction: lower
`;
    const error = issuesOf(text);
    expect(error.issues.map((i) => [i.path, i.line, i.column, i.value])).toEqual([
      ["extends", 2, 10, "ca-dashboard"],
      ["measures.dfs_local.weight", 10, 13, 1],
      ["measures.absence.settings.threshold", 16, 18, 3],
    ]);
  });

  it("reports YAML syntax errors by line and column", () => {
    const error = issuesOf("district: [\nname: x\n");
    expect(error.issues[0]!.line).toBeGreaterThan(0);
    expect(error.issues[0]!.message).toMatch(/YAML syntax/);
  });
});
