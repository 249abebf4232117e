import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDENTIFICATION_DDL } from "../../src/identification/identification-table.ts";
import { INDEX_RESULTS_DDL } from "../../src/levels/index-tables.ts";
import { searchSchools, searchTerms } from "../../src/results/school-search.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const RUN = { run_id: "r2024", year: 2024 };
let w: Warehouse;

beforeAll(async () => {
  w = await Warehouse.open(":memory:");
  await w.run(INDEX_RESULTS_DDL);
  await w.run(IDENTIFICATION_DDL);
  const schools = [
    ["01000010000001", "0100001", "Abraham Lincoln Elementary", "Oakland Unified", "elementary"],
    ["01000010000002", "0100001", "George Washington Carver Middle", "Oakland Unified", "middle"],
    ["02000020000003", "0200002", "Sequoia K-8", "Fresno Unified", "elementary;middle"],
    ["02000020000004", "0200002", "Lakeside High", "Fresno Unified", "high"],
  ] as const;
  for (const [code, district, name, districtName, levels] of schools) {
    for (const year of [2023, 2024]) {
      await w.run(
        `INSERT INTO schools (district_code, year, school_code, school_name, district_name, low_grade, high_grade, school_levels, title_i, charter, latitude, longitude, staff_count)
         VALUES (?, ?, ?, ?, ?, 0, 5, ?, true, false, 37.5, -122.1, 40)`,
        [district, year, code, year === 2023 ? `Old ${name}` : name, districtName, levels],
      );
    }
  }
  await w.run(`INSERT INTO index_results VALUES ('r2024', 2024, '01000010000001', 'elementary', 31.5, 3, 5),
    ('r2024', 2024, '02000020000003', 'elementary', 55.0, 6, 5),
    ('r2024', 2024, '02000020000003', 'middle', 71.0, 8, 5)`);
  await w.run(`INSERT INTO identification VALUES
    ('r2024', 2024, '01000010000001', 'elementary', 'priority', true, false, '[]', 1, 0, 'new', NULL),
    ('r2024', 2024, '02000020000003', 'middle', 'partner_eligible', false, false, '[]', 1, 0, NULL, NULL)`);
});
afterAll(() => w?.close());

const names = async (query: string) =>
  (await searchSchools(w, RUN, searchTerms(query), 10)).map((h) => h.school_name);

describe("searchTerms(query)", () => {
  it("lower-cases, drops accents and punctuation, and keeps at most six words", () => {
    expect(searchTerms("  Escuela  Peña-Núñez, K-8! ")).toEqual([
      "escuela",
      "pena",
      "nunez",
      "k",
      "8",
    ]);
    expect(searchTerms("a b c d e f g h")).toHaveLength(6);
    expect(searchTerms(" -- ")).toEqual([]);
  });
});

describe("searchSchools(warehouse, run, terms, limit)", () => {
  it("finds a school by a misspelt name word (a missing, a swapped and a wrong letter)", async () => {
    expect(await names("lincon")).toEqual(["Abraham Lincoln Elementary"]);
    expect(await names("Linocln elementary")).toEqual(["Abraham Lincoln Elementary"]);
    expect(await names("washingtn carvr")).toEqual(["George Washington Carver Middle"]);
  });

  it("finds schools by a prefix, by the district's name and by code", async () => {
    expect(await names("lake")).toEqual(["Lakeside High"]);
    expect(await names("fresno")).toEqual(["Lakeside High", "Sequoia K-8"]);
    expect(await names("frsno")).toEqual(["Lakeside High", "Sequoia K-8"]);
    expect(await names("02000020000003")).toEqual(["Sequoia K-8"]);
    expect(await names("0100001")).toEqual([
      "Abraham Lincoln Elementary",
      "George Washington Carver Middle",
    ]);
  });

  it("needs every word to match, and ranks an exact match above a typo", async () => {
    expect(await names("lincoln fresno")).toEqual([]);
    expect(await names("zebra")).toEqual([]);
    // Short words match only as prefixes: "hx" is no typo of "high".
    expect(await names("hx")).toEqual([]);
    const hits = await searchSchools(w, RUN, searchTerms("sequoia"), 10);
    expect(hits[0]!.score).toBe(1);
    const typo = await searchSchools(w, RUN, searchTerms("sequoai"), 10);
    expect(typo[0]!.school_name).toBe("Sequoia K-8");
    expect(typo[0]!.score).toBeLessThan(1);
  });

  it("reads the run's year of the directory and gives each school level its index level and tier", async () => {
    expect(await names("old")).toEqual([]);
    const [sequoia] = await searchSchools(w, RUN, searchTerms("sequoia"), 10);
    expect(sequoia!.levels).toEqual([
      { school_level: "elementary", index_level: 6, tier: null },
      { school_level: "middle", index_level: 8, tier: "partner_eligible" },
    ]);
    expect(sequoia!.district_name).toBe("Fresno Unified");
    const [lakeside] = await searchSchools(w, RUN, searchTerms("lakeside"), 10);
    expect(lakeside!.levels).toEqual([{ school_level: "high", index_level: null, tier: null }]);
  });

  it("returns at most `limit` schools", async () => {
    expect(await searchSchools(w, RUN, searchTerms("unified"), 2)).toHaveLength(2);
    expect(await searchSchools(w, RUN, searchTerms("unified"), 10)).toHaveLength(4);
    expect(await searchSchools(w, RUN, [], 10)).toEqual([]);
  });
});
