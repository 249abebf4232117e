import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNetwork, SynthOptionsError } from "../../src/synth/generate-network.ts";

const dirs: string[] = [];
const options = { students: 10000, districts: 1, years: [2024, 2025], seed: 2 } as const;

/**
 * The generator's contextual effect setting and its record in truth/; that the growth model finds
 * the planted effect is tested in test/growth/contextual-effect.test.ts.
 */
describe("generateNetwork({ contextualEffect })", () => {
  let contextual: string;

  beforeAll(async () => {
    contextual = mkdtempSync(join(tmpdir(), "synth-context-"));
    dirs.push(contextual);
    await generateNetwork({ ...options, contextualEffect: 0.5 }, { outDir: contextual });
  }, 60_000);
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("records the effect in truth/growth_parameters.csv and network.json", () => {
    const [header, ...rows] = readFileSync(
      join(contextual, "truth", "growth_parameters.csv"),
      "utf8",
    )
      .trim()
      .split("\n");
    const names = header!.split(",");
    const at = (row: string, name: string) => row.split(",")[names.indexOf(name)];
    const grades = ["4", "5", "6", "7", "8", "11"];
    const expected = grades.map((g) => `${g}:${g === "11" ? "0.000000" : "0.500000"}`);
    expect(rows.map((r) => `${at(r, "grade")}:${at(r, "contextual_effect")}`)).toEqual([
      ...expected,
      ...expected,
    ]);
    const meta = JSON.parse(readFileSync(join(contextual, "network.json"), "utf8"));
    expect(meta.options.contextualEffect).toBe(0.5);
  });

  it("refuses an effect outside -1..1", async () => {
    await expect(
      generateNetwork({ ...options, contextualEffect: 2 }, { outDir: join(tmpdir(), "never") }),
    ).rejects.toThrow(SynthOptionsError);
  });
});
