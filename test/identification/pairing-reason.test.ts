import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { strengthsClause, suppressPairReason } from "../../src/identification/pairing-reason.ts";

const FILE = "frameworks/core-sqii.yaml";
const framework = parseFramework(readFileSync(FILE, "utf8"), FILE);

describe("a pairing explanation as a principal reads it", () => {
  // Measure levels blend the All-students level with the groups' mean: 9.75 and 3.5 are usual.
  const strengths = [
    { metric: "math_performance", schoolLevel: 3.5, partnerLevel: 9.75 },
    { metric: "ela_performance", schoolLevel: 2, partnerLevel: 8.25 },
  ];

  it("quotes levels as whole numbers with their labels (the demo read 'level 9.8 vs 3.5')", () => {
    const text = strengthsClause(strengths, 6.25, framework);
    expect(text).toBe(
      "Stronger where this school is weakest: ELA performance level 8 vs 2 (+6), Math performance level 10 vs 4 (+6); +6.3 levels on average.",
    );
    expect(text).not.toMatch(/level \d+\.\d/);
  });

  it("lists only the measures where the partner is stronger, and averages over those (issue #14 point 10)", () => {
    const mixed = [
      ...strengths,
      { metric: "chronic_absence", schoolLevel: 3, partnerLevel: 2 },
      { metric: "suspension", schoolLevel: 3.25, partnerLevel: 2.75 },
    ];
    const text = strengthsClause(mixed, 3.5, framework);
    expect(text).toBe(
      "Stronger where this school is weakest: ELA performance level 8 vs 2 (+6), Math performance level 10 vs 4 (+6); +6.3 levels on average.",
    );
    expect(
      strengthsClause(
        [{ metric: "chronic_absence", schoolLevel: 3, partnerLevel: 2 }],
        -1,
        framework,
      ),
    ).toBe("");
  });

  it("still finds and suppresses the quoted levels in a stored reason", () => {
    const reason = `Paired with X. ${strengthsClause(strengths, 6.25, framework)}`;
    const shown = suppressPairReason(
      reason,
      { strengths, strengthGap: 6.25 },
      framework,
      (side, metric) => side === "school" && metric === "math_performance",
    );
    expect(shown).toContain("Math performance level 10 vs suppressed (suppressed)");
    expect(shown).toContain("suppressed levels on average");
  });
});

describe("metric labels", () => {
  it("names a composite's components by the composite's label, not their ids", async () => {
    const { metricLabel } = await import("../../src/domain/framework/metric-label.ts");
    expect(metricLabel(framework, "culture_climate_parent")).toBe("Culture and climate: parents");
    expect(metricLabel(framework, "sel_growth_mindset")).toBe(
      "Social-emotional skills: growth mindset",
    );
    expect(metricLabel(framework, "math_performance")).toBe("Math performance");
    expect(metricLabel(framework, "no_such_metric")).toBe("no_such_metric");
  });
});
