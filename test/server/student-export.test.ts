import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, hashStudentIds } from "../../src/workspace/audit-log.ts";
import { type Harness, S1, signIn, startHarness, type Who } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // One of S1's three students is in foster care and in grade 4 (the others: grade 3, not).
  await h.warehouse.run(
    "UPDATE students SET foster = true WHERE district_code = '0100001' AND student_id = '1000000002'",
  );
  await h.warehouse.run(
    "UPDATE enrollments SET grade = 4 WHERE district_code = '0100001' AND student_id = '1000000002'",
  );
});
afterAll(async () => {
  await h?.close();
});

async function get(url: string, who: Who) {
  const { cookie } = await signIn(h.app, who);
  return h.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
}

/** The newest audit entry of the export route. */
async function lastExportAudit() {
  const [entry] = await new AuditLog(h.workspace.db).list({
    resource: "students_export",
    limit: 1,
  });
  return entry;
}

const EXPORT = `/api/schools/${S1}/students/export`;

describe("GET /api/schools/:schoolCode/students/export", () => {
  it("gives the school's district staff a CSV of its students, and audits it with the students it held", async () => {
    const res = await get(EXPORT, "district_admin");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="students-${S1}-2024.csv"`,
    );
    expect(res.headers["cache-control"]).toBe("no-store");
    const lines = res.body.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Student ID,Grade,Race/ethnicity,English language status,Socioeconomically disadvantaged,Student with a disability,Foster youth,Homeless,Days enrolled,Days absent,Chronically absent,Suspended,ELA achievement level,Math achievement level,ELA scale score,Math scale score",
    );
    // The same students the page's JSON lists, in its order.
    const json = await get(`/api/schools/${S1}/students`, "district_admin");
    const ids = (json.json() as { students: { student_id: string }[] }).students.map(
      (s) => s.student_id,
    );
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(ids);
    expect(lines[1]).toBe("1000000001,3,HI,EO,Y,N,N,N,180,20,Y,N,,,,");
    const audit = await lastExportAudit();
    expect(audit).toMatchObject({
      userId: h.userIds.district_admin,
      role: "district_admin",
      action: "read",
      resource: "students_export",
      districtCode: "0100001",
      schoolCode: S1,
      studentCount: 3,
      studentIdsHash: hashStudentIds(ids),
      outcome: "allowed",
    });
  });

  it("holds the grade and groups asked for, and audits only the students it held", async () => {
    const fourth = await get(`${EXPORT}?grade=4`, "school_staff");
    expect(fourth.statusCode).toBe(200);
    expect(fourth.body.trimEnd().split("\n").slice(1)).toEqual([
      "1000000002,4,AS,EO,Y,N,Y,N,180,2,N,N,,,,",
    ]);
    expect(await lastExportAudit()).toMatchObject({
      userId: h.userIds.school_staff,
      studentCount: 1,
      studentIdsHash: hashStudentIds(["1000000002"]),
    });
    const both = await get(`${EXPORT}?group=SED&group=FOS`, "school_staff");
    expect(
      both.body
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[0]),
    ).toEqual(["1000000002"]);
    const none = await get(`${EXPORT}?grade=3&group=FOS`, "school_staff");
    expect(none.body.trimEnd().split("\n")).toHaveLength(1);
    expect((await lastExportAudit())?.studentCount).toBe(0);
  });

  it("refuses, and audits as denied, readers who may not see the school's students", async () => {
    for (const [who, status] of [
      ["anonymous", 401],
      ["other_district_admin", 403],
      ["other_school_staff", 403],
      ["network_member", 403],
      ["facilitator", 403],
      ["hub_admin", 403],
    ] as const) {
      const res = await get(EXPORT, who);
      expect(res.statusCode, who).toBe(status);
      expect(res.body, who).not.toContain("1000000001");
      const audit = await lastExportAudit();
      expect(audit, who).toMatchObject({
        userId: who === "anonymous" ? null : h.userIds[who],
        outcome: "denied",
        schoolCode: S1,
        studentCount: null,
      });
    }
  });

  it("refuses a group it does not know, naming it, and audits the refusal", async () => {
    const res = await get(`${EXPORT}?group=XYZ`, "district_admin");
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("group");
    expect(await lastExportAudit()).toMatchObject({ outcome: "error", schoolCode: S1 });
  });
});
