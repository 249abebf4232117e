import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FrameworkError, parseFramework } from "../../../src/domain/framework/load-framework.ts";
import { renderMeasureDescription } from "../../../src/domain/framework/measure-description.ts";
import { renderMeasuresDoc } from "../../../src/measures/measures-doc.ts";

const CORE = readFileSync("frameworks/core-sqii.yaml", "utf8");

/** `text` with the measure's setting `key` set to `value` (its comment dropped). */
function withSetting(text: string, measure: string, key: string, value: string): string {
  const start = text.indexOf(`\n  ${measure}:\n`);
  const rest = text
    .slice(start)
    .replace(new RegExp(`\n    ${key}: [^\n]*`), `\n    ${key}: ${value}`);
  return text.slice(0, start) + rest;
}

describe("renderMeasureDescription(settings)", () => {
  it("states the thresholds the framework sets, so the definition follows a changed setting", () => {
    let text = withSetting(CORE, "chronic_absence", "min_days_enrolled", "20");
    text = withSetting(text, "chronic_absence", "absence_threshold_percent", "15");
    text = withSetting(text, "hs_readiness", "gpa_min", "3.0");
    text = withSetting(text, "hs_readiness", "attendance_min_percent", "90");
    text = withSetting(text, "sel_skills", "min_answered_share", "0.75");
    const framework = parseFramework(text, "changed.yaml");
    expect(framework.measures.chronic_absence!.min_days_enrolled).toBe(20);
    const absence = renderMeasureDescription(framework.measures.chronic_absence!);
    expect(absence).toContain("at least 20 days");
    expect(absence).toContain("missed 15% or more");
    expect(absence).not.toMatch(/\b31\b|\b10%/);
    const readiness = renderMeasureDescription(framework.measures.hs_readiness!);
    expect(readiness).toContain("a GPA of at least 3,");
    expect(readiness).toContain("attendance of at least 90%");
    expect(readiness).not.toMatch(/2\.5|96%/);
    expect(renderMeasureDescription(framework.measures.sel_skills!)).toContain("at least 75% of");
    const doc = renderMeasuresDoc(framework, "changed.yaml");
    expect(doc).toContain("at least 20 days");
    expect(doc).not.toContain("{");
  });

  it("renders the default framework's numbers from its settings", () => {
    const framework = parseFramework(CORE, "core");
    expect(renderMeasureDescription(framework.measures.chronic_absence!)).toContain(
      "at least 31 days (added over their stays at the school) who missed 10% or more",
    );
    expect(renderMeasureDescription(framework.measures.sel_skills!)).toContain("at least 50% of");
  });

  it("rejects a framework whose description names no setting, naming the placeholder", () => {
    const text = CORE.replace("{absence_threshold_percent}%", "{absence_percent}%");
    expect(() => parseFramework(text, "typo.yaml")).toThrow(FrameworkError);
    expect(() => parseFramework(text, "typo.yaml")).toThrow(
      /measures\.chronic_absence\.description: placeholder\(s\) \{absence_percent\}/,
    );
  });
});
