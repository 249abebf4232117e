import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INDEX_COMPONENTS_DDL, INDEX_RESULTS_DDL } from "../../src/levels/index-tables.ts";
import { METRIC_LEVELS_DDL } from "../../src/levels/metric-levels-table.ts";
import { METRIC_RESULTS_DDL } from "../../src/measures/metric-results.ts";
import { readIndexDecomposition } from "../../src/results/index-decomposition.ts";
import { readMeasureResults } from "../../src/results/measure-results.ts";
import { readRunList } from "../../src/results/run-list.ts";
import { readSchools } from "../../src/results/school-directory.ts";
import { checkRows, ResultRowError } from "../../src/warehouse/check-rows.ts";
import { readRows, selectList } from "../../src/warehouse/read-rows.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const SCHOOL = "01000010000001";
const RUN = "r1";

const SHAPE = {
  type: "object",
  required: ["code", "n", "value", "tags"],
  additionalProperties: false,
  properties: {
    code: { type: "string" },
    n: { type: "integer" },
    value: { type: ["number", "null"] },
    tags: { type: "array", items: { type: "string" } },
    note: { type: "string" },
  },
} as const;

/** Checks `rows` against {@link SHAPE} for their errors (returns nothing). */
function check(rows: Record<string, unknown>[]): void {
  checkRows("t", SHAPE, rows);
}

describe("checkRows(table, shape, rows)", () => {
  it("returns rows of the declared shape as they are, optional columns absent or present", () => {
    const rows = [
      { code: "a", n: 1, value: null, tags: [] },
      { code: "b", n: 2, value: 2.5, tags: ["x"], note: "hi" },
    ];
    const checked = checkRows("t", SHAPE, rows);
    expect(checked).toBe(rows);
    expect(checked[1]!.value).toBe(2.5);
  });

  it("names the table, row and column of a value of another type", () => {
    const rows = [
      { code: "a", n: 1, value: 1, tags: [] },
      { code: "b", n: "2", value: 1, tags: [] },
    ];
    expect(() => check(rows)).toThrow(
      new ResultRowError("t", 2, "n", 'holds "2" (string), declared integer'),
    );
    expect(() => check(rows)).toThrow('t row 2: column "n" holds "2"');
  });

  it("refuses a fraction where an integer is declared, a null where none is allowed, a wrong item", () => {
    expect(() => check([{ code: "a", n: 1.5, value: 1, tags: [] }])).toThrow(
      't row 1: column "n" holds 1.5 (number), declared integer',
    );
    expect(() => check([{ code: null, n: 1, value: 1, tags: [] }])).toThrow(
      't row 1: column "code" holds null (null), declared string',
    );
    expect(() => check([{ code: "a", n: 1, value: 1, tags: [3] }])).toThrow(
      't row 1: column "tags" holds [3] (array), declared array of string',
    );
    expect(() => check([{ code: "a", n: 1n << 60n, value: 1, tags: [] }])).toThrow(
      't row 1: column "n" holds 1152921504606846976n (bigint), declared integer',
    );
  });

  it("names a declared column the rows lack, and a column the shape does not declare", () => {
    expect(() => check([{ code: "a", n: 1, tags: [] }])).toThrow(
      't row 1: column "value" is missing (declared number or null)',
    );
    expect(() => check([{ code: "a", n: 1, value: 1, tags: [], extra: 1 }])).toThrow(
      't: column "extra" is not a column of the declared row shape',
    );
  });
});

describe("selectList(shape, source)", () => {
  it("selects the declared columns in order, aliasing expressions to their names", () => {
    expect(selectList(SHAPE, (c) => (c === "n" ? "count(*)" : `x.${c}`))).toBe(
      "x.code, count(*) AS n, x.value, x.tags, x.note",
    );
  });
});

describe("reading result tables", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await Warehouse.open(":memory:");
  });
  afterEach(() => warehouse.close());

  async function metricTables(): Promise<void> {
    await warehouse.run(METRIC_RESULTS_DDL);
    await warehouse.run(METRIC_LEVELS_DDL);
    await warehouse.run(
      `INSERT INTO metric_results VALUES ('${RUN}', 2024, '${SCHOOL}', 'elementary', 'chronic_absence', 'ALL', 31, 4, 12.9, false, NULL, NULL)`,
    );
    await warehouse.run(
      `INSERT INTO metric_levels VALUES ('${RUN}', 2024, '${SCHOOL}', 'elementary', 'chronic_absence', 'ALL', 6, -1.5, NULL, NULL)`,
    );
  }

  it("reads a measure's results with their levels, typed", async () => {
    await metricTables();
    expect(await readMeasureResults(warehouse, RUN, "chronic_absence", {})).toEqual([
      {
        school_code: SCHOOL,
        school_level: "elementary",
        metric: "chronic_absence",
        student_group: "ALL",
        n: 31,
        numerator: 4,
        value: 12.9,
        level: 6,
      },
    ]);
  });

  it("fails on a result table whose column holds another type, naming table, row and column", async () => {
    await metricTables();
    await warehouse.run("ALTER TABLE metric_results ALTER COLUMN n TYPE VARCHAR");
    await expect(readMeasureResults(warehouse, RUN, "chronic_absence", {})).rejects.toThrow(
      'metric_results row 1: column "n" holds "31" (string), declared integer',
    );
  });

  it("fails on a result table that lacks a column, naming the table and the column", async () => {
    await warehouse.run(INDEX_RESULTS_DDL);
    await warehouse.run(INDEX_COMPONENTS_DDL.replace(",\n  points DOUBLE NOT NULL", ""));
    const read = readIndexDecomposition(warehouse, RUN, SCHOOL);
    await expect(read).rejects.toThrow(/^reading index_components: .*points/);
  });

  it("fails on a null where the table's declaration allows none", async () => {
    await warehouse.run(
      INDEX_RESULTS_DDL.replace("index_score DOUBLE NOT NULL", "index_score DOUBLE"),
    );
    await warehouse.run(
      `INSERT INTO index_results VALUES ('${RUN}', 2024, '${SCHOOL}', 'elementary', NULL, 4, 5)`,
    );
    await warehouse.run(INDEX_COMPONENTS_DDL);
    await warehouse.run(
      "CREATE TABLE index_group_levels (run_id VARCHAR, school_code VARCHAR, school_level VARCHAR, metric VARCHAR, component_group VARCHAR, student_group VARCHAR, level INTEGER)",
    );
    await expect(readIndexDecomposition(warehouse, RUN, SCHOOL)).rejects.toThrow(
      'index_results row 1: column "index_score" holds null (null), declared number',
    );
  });

  it("checks the directory's and the runs' rows too", async () => {
    await warehouse.run(
      `INSERT INTO schools (district_code, year, school_code, school_name, district_name, low_grade, high_grade, school_levels, title_i, charter, latitude, longitude, staff_count)
       VALUES ('0100001', 2024, '${SCHOOL}', 'Alpha', 'D', 0, 5, 'elementary', true, false, 37.5, -122.1, 40)`,
    );
    expect((await readSchools(warehouse, {}))[0]!.school_levels).toEqual(["elementary"]);
    await warehouse.run("ALTER TABLE schools ALTER COLUMN title_i TYPE VARCHAR");
    await expect(readSchools(warehouse, {})).rejects.toThrow(
      'schools row 1: column "title_i" holds "true" (string), declared boolean',
    );
    await warehouse.run(
      "CREATE TABLE runs (run_id VARCHAR, year VARCHAR, framework_id VARCHAR, framework_hash VARCHAR, cut_set VARCHAR, created_at TIMESTAMP, code_version VARCHAR, status VARCHAR)",
    );
    await warehouse.run(
      "INSERT INTO runs VALUES ('r1', '2024', 'f', 'h', 'c', '2025-01-01 00:00:00', 'v', 'complete')",
    );
    await expect(readRunList(warehouse)).rejects.toThrow(
      'runs row 1: column "year" holds "2024" (string), declared integer',
    );
  });

  it("reads any declared shape from any query", async () => {
    const rows = await readRows(
      warehouse,
      "q",
      SHAPE,
      "SELECT 'a' AS code, 1 AS n, NULL::DOUBLE AS value, ['x'] AS tags",
    );
    expect(rows).toEqual([{ code: "a", n: 1, value: null, tags: ["x"] }]);
  });
});
