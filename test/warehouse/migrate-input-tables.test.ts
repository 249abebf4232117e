import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

describe("Warehouse.open on a warehouse built by an earlier version", () => {
  const dir = mkdtempSync(join(tmpdir(), "migrate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("drops the per-row submission_id of the input tables and keeps their rows", async () => {
    const path = join(dir, "old.duckdb");
    const instance = await DuckDBInstance.create(path);
    const old = await instance.connect();
    await old.run(`CREATE TABLE students (submission_id VARCHAR NOT NULL, district_code VARCHAR NOT NULL,
      year INTEGER NOT NULL, student_id VARCHAR NOT NULL, gender VARCHAR, race_ethnicity VARCHAR,
      sed BOOLEAN, swd BOOLEAN, disability_category VARCHAR, el_status VARCHAR, elpac_level INTEGER,
      reclassification_date DATE, foster BOOLEAN, homeless BOOLEAN)`);
    await old.run(`INSERT INTO students VALUES ('0100001-2024-abc', '0100001', 2024, '1000000001',
      'F', 'HI', true, false, NULL, 'EO', NULL, NULL, false, false)`);
    old.closeSync();
    instance.closeSync();

    const warehouse = await Warehouse.open(path);
    const columns = await warehouse.all<{ column_name: string }>(
      "SELECT column_name FROM duckdb_columns() WHERE table_name = 'students' ORDER BY column_index",
    );
    expect(columns.map((c) => c.column_name).slice(0, 3)).toEqual([
      "district_code",
      "year",
      "student_id",
    ]);
    expect(await warehouse.all("SELECT district_code, year, student_id FROM students")).toEqual([
      { district_code: "0100001", year: 2024, student_id: "1000000001" },
    ]);
    // a second open finds nothing left to migrate
    warehouse.close();
    const again = await Warehouse.open(path);
    expect(await again.one("SELECT count(*) AS n FROM students")).toEqual({ n: 1 });
    again.close();
  });
});
