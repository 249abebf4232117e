import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ColorName } from "../../src/dashboard/dashboard-rules-schema.ts";
import { type EssaSchool, identifyEssaSupport } from "../../src/dashboard/identify-essa-support.ts";
import { loadDashboardRules } from "../../src/dashboard/load-dashboard-rules.ts";

const rules = loadDashboardRules(
  fileURLToPath(new URL("../../frameworks/ca-dashboard-rules.yaml", import.meta.url)),
).essa!;

type Colors = Record<string, ColorName | undefined>;
function school(all: Colors, groups: Record<string, Colors> = {}, extra: Partial<EssaSchool> = {}) {
  return {
    titleI: true,
    highSchool: false,
    graduationRates: [],
    colors: { ALL: all, ...groups },
    ...extra,
  } satisfies EssaSchool;
}
const categories = (s: EssaSchool) =>
  identifyEssaSupport(s, rules).map((f) => `${f.category} ${f.group}`);

describe("identifyEssaSupport(school, rules)", () => {
  it("puts a Title I school whose every all-students indicator is red in CSI", () => {
    const found = identifyEssaSupport(school({ ela: "red", math: "red", chronic: "red" }), rules);
    expect(found).toEqual([
      {
        category: "CSI low performing",
        group: "ALL",
        reason: "all indicators red: ela red, math red, chronic red",
      },
    ]);
  });

  it("counts all red but one, all red or orange, and a red majority of five or more", () => {
    expect(categories(school({ ela: "red", math: "red", chronic: "green" }))).toEqual([
      "CSI low performing ALL",
    ]);
    expect(categories(school({ ela: "orange", math: "red", chronic: "orange" }))).toEqual([
      "CSI low performing ALL",
    ]);
    const five: Colors = {
      ela: "red",
      math: "red",
      chronic: "red",
      suspension: "yellow",
      el_progress: "green",
    };
    expect(identifyEssaSupport(school(five), rules)[0]!.reason).toMatch(
      /^five or more indicators, a majority red/,
    );
  });

  it("leaves a school with two reds out of four (no majority, not all) unidentified", () => {
    expect(
      categories(school({ ela: "red", math: "red", chronic: "yellow", suspension: "green" })),
    ).toEqual([]);
  });

  it("does not put a non-Title I school in CSI low performing", () => {
    expect(categories(school({ ela: "red", math: "red" }, {}, { titleI: false }))).toEqual([]);
  });

  it("puts any high school whose graduation rate averaged over two years is under 68% in CSI", () => {
    const hs = { titleI: false, highSchool: true };
    const low = identifyEssaSupport(
      school({ grad: "orange" }, {}, { ...hs, graduationRates: [66.0, 69.0, 40.0] }),
      rules,
    );
    expect(low).toEqual([
      {
        category: "CSI low graduation",
        group: "ALL",
        reason: "graduation rate 67.5% averaged over 2 year(s) is under 68%",
      },
    ]);
    expect(
      categories(school({ grad: "orange" }, {}, { ...hs, graduationRates: [66.0, 70.0] })),
    ).toEqual([]);
  });

  it("names each student group that meets a criterion as ATSI when the school is not in CSI", () => {
    const s = school(
      { ela: "yellow", math: "orange", chronic: "green" },
      {
        SWD: { ela: "red", math: "red" },
        EL: { ela: "red" }, // one indicator: "all red" needs two for a group
        HI: { ela: "orange", math: "yellow" },
      },
    );
    expect(identifyEssaSupport(s, rules)).toEqual([
      { category: "ATSI", group: "SWD", reason: "all indicators red: ela red, math red" },
    ]);
  });

  it("reports CSI and not ATSI when both would apply", () => {
    const s = school({ ela: "red", math: "red" }, { SWD: { ela: "red", math: "red" } });
    expect(categories(s)).toEqual(["CSI low performing ALL"]);
  });
});
