import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  groupSetListSql,
  studentGroupListsSql,
  studentGroupsSql,
} from "../../src/measures/student-groups.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import { defaultFramework, insert, openWarehouse, student, YEAR } from "./fixture.ts";

type Membership = { district_code: string; student_id: string; student_group: string };

const sorted = (rows: Membership[]): string[] =>
  rows.map((r) => `${r.district_code}/${r.student_id}/${r.student_group}`).sort();

describe("studentGroupListsSql (one row per student with the list of their groups)", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
  });
  afterEach(() => w.close());

  it("lists exactly the memberships of studentGroupsSql, for every student of the year and no other year", async () => {
    await insert(w, "students", [
      student(1),
      student(2, { race_ethnicity: "AA", sed: true, swd: true, el_status: "EL" }),
      student(3, { race_ethnicity: "NR", el_status: "RFEP", foster: true, homeless: true }),
      student(4, { race_ethnicity: "MR", el_status: "IFEP" }),
    ]);
    await insert(w, "students", [student(5, { sed: true })], { year: YEAR - 1 });
    await insert(w, "students", [student(1, { race_ethnicity: "WH" })], { district: "0100002" });

    const rows = await w.all<Membership>(studentGroupsSql(defaultFramework, YEAR));
    const lists = await w.all<Membership>(
      `SELECT district_code, student_id, unnest(groups) AS student_group
       FROM (${studentGroupListsSql(defaultFramework, YEAR)})`,
    );
    expect(sorted(lists)).toEqual(sorted(rows));
    expect(sorted(lists)).toContain("0100001/1000000002/SWD");
    expect(sorted(lists)).toContain("0100002/1000000001/WH");

    const students = await w.all<{ student_id: string; groups: string[] }>(
      `SELECT student_id, groups FROM (${studentGroupListsSql(defaultFramework, YEAR)})
       WHERE district_code = '0100001' ORDER BY student_id`,
    );
    expect(students.map((s) => [s.student_id, [...s.groups].sort()])).toEqual([
      ["1000000001", ["HI"]],
      ["1000000002", ["AA", "EL", "SED", "SWD"]],
      ["1000000003", ["FOS", "HOM", "RFEP"]],
      ["1000000004", ["MR"]],
    ]);
  });

  it("encodes each student's groups as a bit mask that decodes to the same list (NULL: no groups)", async () => {
    await insert(w, "students", [
      student(1),
      student(2, { race_ethnicity: "AA", sed: true, swd: true, el_status: "EL" }),
      student(3, { race_ethnicity: "NR", el_status: "RFEP", foster: true, homeless: true }),
      student(4, { race_ethnicity: "PI", el_status: "EL", sed: true }),
    ]);
    const rows = await w.all<{ groups: string[]; decoded: string[]; group_set: number }>(
      `SELECT groups, ${groupSetListSql(defaultFramework, "group_set")} AS decoded, group_set
       FROM (${studentGroupListsSql(defaultFramework, YEAR)}) ORDER BY student_id`,
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) expect([...r.decoded].sort()).toEqual([...r.groups].sort());
    expect(new Set(rows.map((r) => r.group_set)).size).toBe(4);
    const none = await w.one<{ decoded: string[] }>(
      `SELECT ${groupSetListSql(defaultFramework, "NULL::BIGINT")} AS decoded`,
    );
    expect([...none.decoded]).toEqual([]);
  });
});
