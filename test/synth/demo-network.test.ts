import { describe, expect, it } from "vitest";
import { DEMO_NETWORK } from "../../src/synth/demo-network.ts";
import { buildNetworkLayout } from "../../src/synth/network-layout.ts";
import { Random } from "../../src/synth/random.ts";

describe("DEMO_NETWORK, the network npm start builds", () => {
  const layout = buildNetworkLayout(
    DEMO_NETWORK.students,
    DEMO_NETWORK.districts,
    new Random(DEMO_NETWORK.seed, "collab-synth").fork("layout"),
  );

  it("has at least 15 schools at every level, so that each level has priority, focus schools for a community and partners (issue #14 point 11: the old default, 40,000 students in 4 districts, had 9 high schools)", () => {
    const perLevel = new Map<string, number>();
    for (const s of layout.schools)
      for (const level of s.levels.split(";").filter(Boolean))
        perLevel.set(level, (perLevel.get(level) ?? 0) + 1);
    for (const level of ["elementary", "middle", "high"])
      expect(perLevel.get(level) ?? 0, level).toBeGreaterThanOrEqual(15);
  });

  it("names every school differently", () => {
    const names = layout.schools.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
