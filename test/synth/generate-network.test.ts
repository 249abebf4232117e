import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  generateNetwork,
  type SynthOptions,
  SynthOptionsError,
} from "../../src/synth/generate-network.ts";
import { readTree } from "./network-files.ts";

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "synth-determinism-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const small: SynthOptions = { students: 3000, districts: 2, years: [2023, 2024, 2025], seed: 1 };

describe("generateNetwork(options, io)", () => {
  it("writes the same bytes in every file for the same seed", async () => {
    const a = scratch();
    const b = scratch();
    await generateNetwork(small, { outDir: a });
    await generateNetwork(small, { outDir: b });
    const first = readTree(a);
    const second = readTree(b);
    expect([...first.keys()].sort()).toEqual([...second.keys()].sort());
    expect(first.size).toBeGreaterThan(60);
    for (const [path, bytes] of first) expect(bytes.equals(second.get(path)!), path).toBe(true);
  });

  it("writes different data for a different seed", async () => {
    const a = scratch();
    const b = scratch();
    await generateNetwork(small, { outDir: a });
    await generateNetwork({ ...small, seed: 2 }, { outDir: b });
    const first = readTree(a);
    const second = readTree(b);
    const same = [...first]
      .filter(([path, bytes]) => second.get(path)?.equals(bytes))
      .map(([path]) => path);
    // Only files that hold fixed parameters may coincide: the item catalogue and the trait effects.
    expect(
      same.filter((path) => !/survey_items\.csv$|growth_trait_effects\.csv$/.test(path)),
    ).toEqual([]);
    expect(same.length).toBeLessThan(first.size / 2);
  });

  it("reports progress up to the total and replaces its own earlier output", async () => {
    const dir = scratch();
    const seen: number[] = [];
    await generateNetwork(small, { outDir: dir });
    await generateNetwork(
      { ...small, seed: 3, years: [2024] },
      { outDir: dir, onProgress: (p) => seen.push(p.done / p.total) },
    );
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    const years = new Set(
      [...readTree(dir).keys()]
        .filter((p) => p.startsWith("districts/"))
        .map((p) => p.split("/")[2]),
    );
    expect([...years]).toEqual(["2024"]);
  });

  it("refuses to overwrite a districts folder it did not write", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "districts"));
    writeFileSync(join(dir, "districts", "keep.txt"), "district data");
    await expect(generateNetwork(small, { outDir: dir })).rejects.toThrow(/refusing to overwrite/);
  });

  it.each([
    [{ students: 100 }, /invalid students 100/],
    [{ students: 1.5e3 + 0.5 }, /invalid students 1500.5/],
    [{ districts: 0 }, /invalid districts 0/],
    [{ years: [2023, 2025] }, /consecutive/],
    [{ years: [] }, /no school year/],
    [{ seed: -1 }, /invalid seed -1/],
  ])("rejects bad options %o naming the bad value", async (patch, message) => {
    await expect(generateNetwork({ ...small, ...patch }, { outDir: scratch() })).rejects.toThrow(
      SynthOptionsError,
    );
    await expect(generateNetwork({ ...small, ...patch }, { outDir: scratch() })).rejects.toThrow(
      message,
    );
  });
});
