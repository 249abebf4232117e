import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/workspace/audit-chain.ts";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import { D1, D2, type Harness, S1, S3, signIn, startHarness, type Who } from "./fixture.ts";

let h: Harness;
const cookies: Partial<Record<Who, string>> = {};
beforeAll(async () => {
  h = await startHarness();
  for (const who of [
    "hub_admin",
    "district_admin",
    "other_district_admin",
    "school_staff",
    "facilitator",
  ] as const) {
    cookies[who] = (await signIn(h.app, who)).cookie;
  }
  // Student-level traffic to read back: D1's admin reads S1 (allowed), D2's admin tries S1
  // (denied), anonymous tries S1 (denied), D1's admin sends an invalid year; and one D2 entry.
  const get = (url: string, who?: Who) =>
    h.app.inject({ method: "GET", url, headers: who ? { cookie: cookies[who]! } : {} });
  expect((await get(`/api/schools/${S1}/students`, "district_admin")).statusCode).toBe(200);
  expect((await get(`/api/schools/${S1}/students`, "other_district_admin")).statusCode).toBe(403);
  expect((await get(`/api/schools/${S1}/students`)).statusCode).toBe(401);
  expect((await get(`/api/schools/${S1}/students?year=abc`, "district_admin")).statusCode).toBe(
    400,
  );
  await new AuditLog(h.workspace.db).record({
    userId: h.userIds.other_district_admin,
    role: "district_admin",
    action: "read",
    resource: "students",
    districtCode: D2,
    schoolCode: S3,
    studentIds: ["2000000001"],
    outcome: "allowed",
  });
});
afterAll(async () => {
  await h?.close();
});

interface Entry {
  seq: number;
  user_id: number | null;
  user_email: string | null;
  district_code: string | null;
  school_code: string | null;
  outcome: string;
  resource: string;
  student_count: number | null;
  row_hash: string;
}

async function audit(who: Who, query = "") {
  return h.app.inject({
    method: "GET",
    url: `/api/audit${query}`,
    headers: cookies[who as keyof typeof cookies] ? { cookie: cookies[who]! } : {},
  });
}

describe("student routes: every request is audited (issue #15 point 6)", () => {
  it("writes an audit row for a request that fails validation (?year=abc → 400)", async () => {
    const rows = await new AuditLog(h.workspace.db).list({ districtCode: D1, outcome: "error" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: h.userIds.district_admin,
      role: "district_admin",
      resource: "students",
      schoolCode: S1,
      studentCount: null,
    });
  });
});

describe("GET /api/audit", () => {
  it("gives a hub admin every entry, newest first, chained (the head is verifyAuditChain's)", async () => {
    const res = await audit("hub_admin");
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const { entries, next_before } = res.json() as { entries: Entry[]; next_before: null };
    expect(entries.map((e) => [e.district_code, e.outcome])).toEqual([
      [D2, "allowed"],
      [D1, "error"],
      [D1, "denied"],
      [D1, "denied"],
      [D1, "allowed"],
    ]);
    expect(entries.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(entries[4]).toMatchObject({
      user_id: h.userIds.district_admin,
      user_email: "district_admin@example.org",
      student_count: 3,
    });
    expect(next_before).toBeNull();
    const chain = await verifyAuditChain(h.workspace.db);
    expect(chain.ok).toBe(true);
    expect(chain.head).toEqual({ seq: 5, hash: entries[0]?.row_hash });
  });

  it("gives a district admin their own district's entries only, including other users' attempts", async () => {
    for (const query of ["", `?district=${D1}`, `?school=${S1}`]) {
      const res = await audit("district_admin", query);
      expect(res.statusCode, query).toBe(200);
      const entries = (res.json() as { entries: Entry[] }).entries;
      expect(entries.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
      expect(entries.every((e) => e.district_code === D1)).toBe(true);
    }
    const other = (await audit("other_district_admin")).json() as { entries: Entry[] };
    expect(other.entries.map((e) => [e.district_code, e.school_code])).toEqual([[D2, S3]]);
  });

  it("refuses a district admin another district, and every other role", async () => {
    expect((await audit("district_admin", `?district=${D2}`)).statusCode).toBe(403);
    expect((await audit("district_admin", `?school=${S3}`)).statusCode).toBe(403);
    for (const who of ["school_staff", "facilitator"] as const) {
      expect((await audit(who)).statusCode, who).toBe(403);
    }
    expect((await audit("anonymous")).statusCode).toBe(401);
  });

  it("filters by user, outcome, school and time, and pages with before", async () => {
    const pick = async (query: string) =>
      ((await audit("hub_admin", query)).json() as { entries: Entry[] }).entries.map((e) => e.seq);
    expect(await pick(`?user=${h.userIds.other_district_admin}`)).toEqual([5, 2]);
    expect(await pick("?outcome=denied")).toEqual([3, 2]);
    expect(await pick(`?school=${S3}`)).toEqual([5]);
    expect(await pick("?resource=students&outcome=allowed")).toEqual([5, 1]);
    expect(await pick("?until=2000-01-01T00:00:00Z")).toEqual([]);
    expect(await pick("?since=2000-01-01T00:00:00Z&limit=2")).toEqual([5, 4]);
    const first = (await audit("hub_admin", "?limit=2")).json() as { next_before: number };
    expect(first.next_before).toBe(4);
    expect(await pick("?limit=2&before=4")).toEqual([3, 2]);
    expect((await audit("hub_admin", "?outcome=maybe")).statusCode).toBe(400);
    expect((await audit("hub_admin", "?since=yesterday")).statusCode).toBe(400);
  });
});

describe("GET /api/audit/export", () => {
  it("sends every matching entry as CSV, scoped like the list", async () => {
    const res = await h.app.inject({
      method: "GET",
      url: "/api/audit/export",
      headers: { cookie: cookies.district_admin! },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="audit-log.csv"');
    expect(res.headers["cache-control"]).toBe("no-store");
    const lines = res.body.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "seq,at,user_id,user_email,role,action,resource,district_code,school_code,student_count,student_ids_hash,ip,outcome,row_hash",
    );
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["4", "3", "2", "1"]);
    expect(lines[4]).toContain(",district_admin@example.org,district_admin,read,students,");
    const refused = await h.app.inject({
      method: "GET",
      url: `/api/audit/export?district=${D2}`,
      headers: { cookie: cookies.district_admin! },
    });
    expect(refused.statusCode).toBe(403);
  });
});
