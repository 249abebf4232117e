import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { renderMeasureDescription } from "../../src/domain/framework/measure-description.ts";
import { MEASURE_IDS } from "../../src/domain/framework/measure-settings.ts";
import { renderMeasuresDoc } from "../../src/measures/measures-doc.ts";
import { defaultFramework } from "./fixture.ts";

describe("renderMeasuresDoc(framework, source)", () => {
  it("matches docs/measures.md (run `npm run docs` after changing frameworks/core-sqii.yaml)", () => {
    const expected = renderMeasuresDoc(defaultFramework, "frameworks/core-sqii.yaml");
    const actual = readFileSync("docs/measures.md", "utf8");
    if (actual !== expected && !process.env.CI) writeFileSync("docs/measures-changed.md", expected);
    expect(actual).toBe(expected);
  });

  it("gives every measure of the framework its plain-language definition and settings", () => {
    const doc = renderMeasuresDoc(defaultFramework, "core");
    for (const id of MEASURE_IDS) {
      const m = defaultFramework.measures[id]!;
      expect(doc).toContain(`## ${m.label} (\`${id}\`)`);
      expect(doc).toContain(renderMeasureDescription(m));
    }
    expect(doc).toContain("- Absent at least (% of enrolled days): 10.");
    expect(doc).toContain("`sel_growth_mindset`, `sel_self_efficacy`");
  });

  it("follows the framework it is given", () => {
    const dashboard = loadFramework("test/measures/fixtures/dashboard-like.yaml");
    const doc = renderMeasuresDoc(dashboard, "dashboard");
    expect(doc).toContain("- Grades (-1 = TK, 0 = K): 0, 1, 2, 3, 4, 5, 6, 7, 8.");
    expect(doc).toContain("Minimum n: 11 students");
    expect(doc).not.toContain("sel_skills");
  });
});
