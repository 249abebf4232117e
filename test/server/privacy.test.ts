import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, hashStudentIds } from "../../src/workspace/audit-log.ts";
import { D1, type Harness, PUBLISHED, S1, S1_CHRONIC, signIn, startHarness } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface ReportGroup {
  student_group: string;
  n: number | null;
  numerator: number | null;
  value: number | null;
  suppressed: boolean;
  suppression_reason: string | null;
}

async function report(cookie = "") {
  const res = await h.app.inject({
    method: "GET",
    url: `/api/runs/${PUBLISHED}/schools/${S1}/report`,
    headers: cookie ? { cookie } : {},
  });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    levels: {
      index_level: number;
      tier: string;
      measures: {
        metric: string;
        value: number;
        level: number;
        band: string;
        change_needed: number[];
        prior_value: number;
        change: number;
        groups: ReportGroup[];
        trend: { year: number; value: number }[];
      }[];
    }[];
  };
}

describe("GET /api/runs/:runId/schools/:schoolCode/report", () => {
  it("shows the measure's value, level, band, change needed, change from the prior run and trend", async () => {
    const m = (await report()).levels[0]!.measures[0]!;
    expect(m.metric).toBe("chronic_absence");
    expect(m.value).toBe(20);
    expect(m.level).toBe(4);
    expect(m.band).toBe("average");
    expect(m.change_needed).toEqual([-1.5, -3, -4.5]);
    expect(m.prior_value).toBe(25);
    expect(m.change).toBe(-5);
    expect(m.trend.map((t) => [t.year, t.value])).toEqual([
      [2023, 25],
      [2024, 20],
    ]);
  });

  it("marks the small group and its complement suppressed for the public, with values null", async () => {
    const groups = (await report()).levels[0]!.measures[0]!.groups;
    const by = new Map(groups.map((g) => [g.student_group, g]));
    expect(groups).toHaveLength(S1_CHRONIC.length);
    expect(by.get("AS")).toMatchObject({
      n: null,
      numerator: null,
      value: null,
      suppressed: true,
      suppression_reason: "small_n",
    });
    // The race groups make up ALL exactly: the next-smallest race group (AA, 25) hides too.
    expect(by.get("AA")).toMatchObject({
      n: null,
      value: null,
      suppressed: true,
      suppression_reason: "complementary",
    });
    // SED is 190 of 200: its complement "not SED" (10) is small, so SED hides too.
    expect(by.get("SED")).toMatchObject({
      n: null,
      suppressed: true,
      suppression_reason: "complementary",
    });
    expect(by.get("HI")).toMatchObject({ n: 120, numerator: 30, value: 25, suppressed: false });
    expect(by.get("ALL")).toMatchObject({ n: 200, suppressed: false });
  });

  it("shows the values to the school's district admin (who may see the students row by row)", async () => {
    const { cookie } = await signIn(h.app, "district_admin");
    const by = new Map(
      (await report(cookie)).levels[0]!.measures[0]!.groups.map((g) => [g.student_group, g]),
    );
    expect(by.get("AS")).toMatchObject({
      n: 8,
      numerator: 2,
      suppressed: true,
      suppression_reason: "small_n",
    });
    expect(by.get("AA")).toMatchObject({ n: 25, suppressed: false });
  });

  it("suppresses the same cells in the CSV export", async () => {
    const res = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/exports/metric_results`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    const [header, ...lines] = res.body.trim().split("\n");
    const cols = header!.split(",");
    const rows = lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
    const as = rows.find((r) => r.student_group === "AS")!;
    expect(as).toMatchObject({ n: "", numerator: "", value: "", suppressed: "true" });
    expect(rows.find((r) => r.student_group === "HI")).toMatchObject({ n: "120", numerator: "30" });
  });
});

describe("GET /api/schools/:schoolCode/students (audited)", () => {
  it("returns the school's students with flags and writes an allowed audit row with the count", async () => {
    const { cookie } = await signIn(h.app, "school_staff");
    const res = await h.app.inject({
      method: "GET",
      url: `/api/schools/${S1}/students`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      year: number;
      students: { student_id: string; chronically_absent: boolean }[];
    };
    expect(body.year).toBe(2024);
    expect(body.students.map((s) => [s.student_id, s.chronically_absent])).toEqual([
      ["1000000001", true],
      ["1000000002", false],
      ["1000000003", false],
    ]);
    const [row] = await new AuditLog(h.workspace.db).list({ userId: h.userIds.school_staff });
    expect(row).toMatchObject({
      role: "school_staff",
      resource: "students",
      districtCode: D1,
      schoolCode: S1,
      studentCount: 3,
      studentIdsHash: hashStudentIds(["1000000001", "1000000002", "1000000003"]),
      outcome: "allowed",
    });
  });

  it("writes a denied audit row for another district's admin and for the anonymous public", async () => {
    const { cookie } = await signIn(h.app, "other_district_admin");
    const denied = await h.app.inject({
      method: "GET",
      url: `/api/schools/${S1}/students`,
      headers: { cookie },
    });
    expect(denied.statusCode).toBe(403);
    const anonymous = await h.app.inject({ method: "GET", url: `/api/schools/${S1}/students` });
    expect(anonymous.statusCode).toBe(401);
    const log = new AuditLog(h.workspace.db);
    expect((await log.list({ userId: h.userIds.other_district_admin }))[0]).toMatchObject({
      outcome: "denied",
      schoolCode: S1,
      studentCount: null,
    });
    const publicRows = (await log.list({ districtCode: D1 })).filter((r) => r.userId === null);
    expect(publicRows[0]).toMatchObject({ role: "public", outcome: "denied" });
  });
});

describe("auth routes", () => {
  it("sets an HttpOnly SameSite=Strict cookie and answers who is signed in", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "facilitator@example.org", password: "correct horse battery staple" },
    });
    const cookie = res.cookies.find((c) => c.name === "collab_session")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    const me = await h.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: `collab_session=${cookie.value}` },
    });
    expect(me.json()).toMatchObject({ role: "facilitator", email: "facilitator@example.org" });
  });

  it("answers 401 for a wrong password and 429 once the account's failures reach the limit", async () => {
    const attempt = () =>
      h.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "network_member@example.org", password: "nope" },
      });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt()).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("serves the OpenAPI document listing the routes", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/docs/json" });
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/api/runs/{runId}/schools/{schoolCode}/report");
  });
});
