import { describe, expect, it } from "vitest";
import { parseHeader } from "../../src/ingest/parse-header.ts";

describe("parseHeader(line)", () => {
  it("splits at commas and reads quoted names with doubled quotes", () => {
    expect(parseHeader('a,"b,c","d""e",')).toEqual(["a", "b,c", 'd"e', ""]);
  });

  it("keeps a quote inside a name that does not start with one (as DuckDB reads the rows), so it matches no column", () => {
    expect(parseHeader('school_code,staff_coun"t')).toEqual(["school_code", 'staff_coun"t']);
  });

  it("keeps the quote of a name with text after its closing quote", () => {
    expect(parseHeader('"staff"_count,x')).toEqual(['staff"_count', "x"]);
  });
});
