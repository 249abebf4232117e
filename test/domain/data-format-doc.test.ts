import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderDataFormatDoc } from "../../src/domain/data-format-doc.ts";
import { INPUT_TABLES } from "../../src/domain/input-format.ts";

describe("renderDataFormatDoc()", () => {
  it("matches docs/data-format.md (run `npm run docs` after changing the format)", () => {
    const expected = renderDataFormatDoc();
    const actual = readFileSync("docs/data-format.md", "utf8");
    if (actual !== expected && !process.env.CI)
      writeFileSync("docs/data-format-changed.md", expected);
    expect(actual).toBe(expected);
  });

  it("documents every column of every input file", () => {
    const doc = renderDataFormatDoc();
    for (const table of INPUT_TABLES) {
      expect(doc).toContain(`## ${table.file}`);
      for (const column of table.columns) expect(doc).toContain(`| \`${column.name}\` |`);
    }
  });
});
