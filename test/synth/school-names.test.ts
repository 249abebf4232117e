import { describe, expect, it } from "vitest";
import { buildNetworkLayout } from "../../src/synth/network-layout.ts";
import { Random } from "../../src/synth/random.ts";
import { uniqueInNetwork } from "../../src/synth/school-names.ts";

const layout = (students: number, districts: number, seed: number) =>
  buildNetworkLayout(students, districts, new Random(seed, "collab-synth").fork("layout"));

describe("school names in a synthetic network", () => {
  it("are unique within the network (issue #14 point 11: the demo had three 'Los Olivos Elementary')", () => {
    for (const [students, districts, seed] of [
      [40_000, 4, 1],
      [40_000, 3, 21],
      [300_000, 10, 5],
      [1_200_000, 30, 1],
    ] as const) {
      const names = layout(students, districts, seed).schools.map((s) => s.name);
      const repeated = names.filter((n, i) => names.indexOf(n) !== i);
      expect(repeated, `${students} students, seed ${seed}`).toEqual([]);
    }
  });

  it("keep the same schools, codes and places for a seed: only a repeated name changes", () => {
    const a = layout(40_000, 4, 1);
    const b = layout(40_000, 4, 1);
    expect(a).toEqual(b);
    expect(a.schools.map((s) => s.name)).toContain("Los Olivos Elementary");
  });
});

describe("uniqueInNetwork(name, kind, low, high, code, network)", () => {
  it("keeps a new name, and gives a taken one another name of the same kind without randomness", () => {
    const network = new Set<string>();
    expect(uniqueInNetwork("Sierra Middle", "middle", 6, 8, "1", network)).toBe("Sierra Middle");
    const other = uniqueInNetwork("Sierra Middle", "middle", 6, 8, "2", network);
    expect(other).not.toBe("Sierra Middle");
    expect(other).toMatch(/ Middle$/);
    expect(uniqueInNetwork("Sierra Middle", "middle", 6, 8, "2", new Set(["Sierra Middle"]))).toBe(
      other,
    );
    expect(network).toEqual(new Set(["Sierra Middle", other]));
  });
});
