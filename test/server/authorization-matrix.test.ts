import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import { onboardDistricts } from "../collaborative/onboard-districts.ts";
import {
  createAlphaBetaPlan,
  D1,
  D2,
  DRAFT,
  EVERYONE,
  type Harness,
  PUBLISHED,
  S1,
  S2,
  S3,
  signIn,
  startHarness,
  type Who,
} from "./fixture.ts";

let h: Harness;
/**
 * The plan of pair S1–S2 (facilitated by `facilitator`), with a cycle of S1, a meeting and a
 * learning entry of S1, a review the team asked for and a process measure.
 */
const ids = {
  plan: 0,
  cycle: 0,
  meeting: 0,
  entry: 0,
  review: 0,
  measure: 0,
  resource: 0,
  doomed: 0,
};
/** A fresh process measure with a value, for a DELETE of the measure to take away. */
async function newDoomedMeasure(): Promise<void> {
  const repos = workspaceRepositories(h.workspace.db);
  const m = await repos.processMeasures.create({
    planId: ids.plan,
    name: `Doomed ${ids.doomed + 1}`,
    unit: "calls",
    chart: "run",
    direction: "higher_is_better",
    createdBy: h.userIds.hub_admin,
  });
  await repos.processMeasures.recordValue(m.id, {
    date: "2025-01-06",
    value: 3,
    note: "",
    enteredBy: h.userIds.hub_admin,
  });
  ids.doomed = m.id;
}
/** A fresh learning entry of S1 (a DELETE takes the last one away). */
async function newEntry(): Promise<void> {
  const repos = workspaceRepositories(h.workspace.db);
  ids.entry = (
    await repos.learning.add({
      planId: ids.plan,
      schoolCode: S1,
      direction: "took",
      partnerCode: S2,
      entryDate: "2025-01-16",
      text: "Beta's call script",
      createdBy: h.userIds.hub_admin,
    })
  ).id;
}
/** Invitations made by the matrix walk, each to a new address. */
let invited = 0;
beforeAll(async () => {
  h = await startHarness();
  const repos = workspaceRepositories(h.workspace.db);
  // D1 is a member and D2 a data-collaborative participant (issue #18).
  await repos.districts.create({ code: D1, name: "District One", status: "member" });
  await repos.districts.create({ code: D2, name: "District Two", status: "participant" });
  await onboardDistricts(h.workspace.db, [{ code: D1 }, { code: D2, status: "participant" }]);
  const plan = await createAlphaBetaPlan(h);
  ids.plan = plan.id;
  ids.cycle = (
    await repos.pdsaCycles.start({
      planId: plan.id,
      schoolCode: S1,
      changeIdea: "Day-2 calls",
      prediction: "half return",
    })
  ).id;
  ids.meeting = (
    await repos.meetings.add({
      planId: plan.id,
      heldAt: new Date("2025-01-15T16:00:00Z"),
      createdBy: h.userIds.hub_admin,
    })
  ).id;
  await newEntry();
  ids.review = (
    await repos.planReviews.submit({
      planId: plan.id,
      submittedBy: h.userIds.school_staff,
      note: "",
    })
  ).id;
  ids.measure = (
    await repos.processMeasures.create({
      planId: plan.id,
      name: "Students reached",
      unit: "students",
      chart: "run",
      direction: "higher_is_better",
      createdBy: h.userIds.hub_admin,
    })
  ).id;
  // A shared resource published by S1's staff (district D1), its first version a link.
  ids.resource = (
    await repos.resources.publish({
      title: "Attendance huddle protocol",
      description: "",
      kind: "protocol",
      tags: { grades: [], subjects: [], measures: [], studentGroups: [] },
      districtCode: "0100001",
      searchText: "Attendance huddle protocol",
      createdBy: h.userIds.school_staff,
      firstVersion: {
        content: { url: "https://docs.example.org/huddle" },
        notes: "",
        createdBy: h.userIds.school_staff,
      },
    })
  ).id;
  await repos.submissions.create({
    id: SUBMISSION,
    districtCode: "0100001",
    year: 2024,
    submittedBy: h.userIds.district_admin,
    files: [],
    status: "rejected",
    message: "refused",
    report: { submission: "0100001/2024", errors: 0, warnings: 0, groups: [] },
  });
});
afterAll(async () => {
  await h?.close();
});

const ALL = EVERYONE;
/** A browser submission of D1 (issue #18). */
const SUBMISSION = "ab".repeat(16);
/** A district's submissions: its own data lead and the hub; every district's: the hub. */
const SUBMITTERS = ["hub_admin", "district_admin"] as const;
const SIGNED_IN = EVERYONE.filter((w) => w !== "anonymous");
const HUB = ["hub_admin"] as const;
const OWN_SCHOOL_STUDENTS = ["district_admin", "school_staff"] as const;
/** The audit log: all of it for the hub, each district admin's own district by default. */
const AUDITORS = ["hub_admin", "district_admin", "other_district_admin"] as const;
/** Plan S1–S2: both schools' staff, district D1's admin, its facilitator and the hub. */
const PLAN_MEMBERS = [
  "hub_admin",
  "district_admin",
  "school_staff",
  "other_school_staff",
  "facilitator",
] as const;
/**
 * May start the plan of S1's pair: the hub, any facilitator, a member school's district admin. The
 * hub's override (walked first) makes S3 of D2 S1's partner, so D2's admin is one too.
 */
const PLAN_STARTERS = [
  "hub_admin",
  "district_admin",
  "other_district_admin",
  "facilitator",
] as const;
/** Assign the plan's facilitator: the hub and a member school's district admin. */
const PLAN_ASSIGNERS = ["hub_admin", "district_admin"] as const;
/** Answer the plan's review: its facilitator and the hub. */
const PLAN_REVIEWERS = ["hub_admin", "facilitator"] as const;
/** Notes on S1's charts: the hub and the staff of S1's district (D1), any of its schools. */
const ANNOTATORS = ["hub_admin", "district_admin", "school_staff", "other_school_staff"] as const;

/** Publish shared resources: every account but the network member's. */
const PUBLISHERS = SIGNED_IN.filter((w) => w !== "network_member");

/**
 * The expected policy: route → who may pass the access hook. Concrete requests are built from
 * the route's URL; `draft` variants of run routes ask for the unpublished run (hub only).
 * Every registered route must appear here: a new route without an entry fails the walk.
 */
const MATRIX: Record<
  string,
  {
    allowed: readonly Who[];
    draftAllowed?: readonly Who[];
    /** The request body, or a function giving it once the harness has started. */
    body?: unknown;
    /** Runs before each request of the row (a DELETE needs something to delete each time). */
    prepare?: () => Promise<void>;
    /** Refused as not found (404) to whoever may not read the plan; 401/403 to a member. */
    hidden?: true;
  }
> = {
  "GET /api/auth/me": { allowed: ALL },
  "POST /api/auth/login": {
    allowed: ALL,
    body: { email: "hub_admin@example.org", password: "correct horse battery staple" },
  },
  "POST /api/auth/logout": { allowed: SIGNED_IN },
  "GET /api/runs": { allowed: ALL },
  "GET /api/runs/published": { allowed: ALL },
  "GET /api/runs/:runId": { allowed: ALL, draftAllowed: HUB },
  "POST /api/runs/:runId/publish": { allowed: HUB },
  "GET /api/schools": { allowed: ALL },
  "GET /api/schools/:schoolCode": { allowed: ALL },
  "GET /api/schools/:schoolCode/students": { allowed: OWN_SCHOOL_STUDENTS },
  "GET /api/schools/:schoolCode/students/export": { allowed: OWN_SCHOOL_STUDENTS },
  "GET /api/runs/:runId/schools/:schoolCode/report": { allowed: ALL, draftAllowed: HUB },
  // The district view: aggregates, disclosed for each reader (local measures for D1's admin and
  // the hub only, test/server/district-view.test.ts).
  "GET /api/runs/:runId/districts/:districtCode": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/schools/:schoolCode/local-measures": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/schools/:schoolCode/history": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/measures/:metric/results": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/schools/:schoolCode/index": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/tiers": { allowed: ALL, draftAllowed: HUB },
  "GET /api/facilitators": { allowed: SIGNED_IN },
  "GET /api/runs/:runId/search": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/pairings": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/communities": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/schools/:schoolCode/peers": { allowed: ALL, draftAllowed: HUB },
  "POST /api/runs/:runId/pairings/overrides": {
    allowed: HUB,
    draftAllowed: HUB,
    body: { school_code: S1, partner_code: S3, reason: "same feeder pattern" },
  },
  "POST /api/runs/:runId/communities/overrides": {
    allowed: HUB,
    draftAllowed: HUB,
    body: { school_code: S3, community_id: "C1", reason: "same county" },
  },
  "GET /api/runs/:runId/pairings/overrides": { allowed: HUB, draftAllowed: HUB },
  "GET /api/runs/:runId/exports/:table": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/schools/:schoolCode/periodic": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/schools/:schoolCode/support": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/schools/:schoolCode/periodic/:measure": { allowed: ALL, draftAllowed: HUB },
  "GET /api/runs/:runId/schools/:schoolCode/periodic/:measure/chart": {
    allowed: ALL,
    draftAllowed: HUB,
  },
  "POST /api/schools/:schoolCode/annotations": {
    allowed: ANNOTATORS,
    body: { note_date: "2024-02-01", text: "attendance mentors start" },
  },
  "GET /api/audit": { allowed: AUDITORS },
  "GET /api/audit/export": { allowed: AUDITORS },
  "GET /api/plans": { allowed: ALL },
  "GET /api/runs/:runId/plan-draft": { allowed: PLAN_STARTERS, draftAllowed: HUB },
  "POST /api/plans": {
    allowed: PLAN_STARTERS,
    body: { run_id: PUBLISHED, kind: "pair", school_level: "elementary", group_key: S1 },
  },
  // The collaborative's districts (issue #18): read by every account, managed by the hub.
  "GET /api/districts": { allowed: SIGNED_IN },
  "GET /api/districts/:districtCode": { allowed: SIGNED_IN },
  "POST /api/districts": {
    allowed: HUB,
    body: { district_code: "0300003", name: "District Three", status: "participant" },
  },
  "PUT /api/districts/:districtCode/status": { allowed: HUB, body: { status: "member" } },
  "POST /api/districts/:districtCode/agreements": {
    allowed: HUB,
    body: {
      signed_on: "2024-06-01",
      starts_on: "2024-07-01",
      ends_on: "2099-06-30",
      first_year: 2022,
      last_year: 2030,
      data_kinds: [],
    },
  },
  "GET /api/districts/:districtCode/invitations": { allowed: HUB },
  "POST /api/districts/:districtCode/invitations": {
    allowed: HUB,
    body: () => ({ lead: "data_lead", email: `lead${++invited}@d1.example`, name: "Lead" }),
  },
  // The role-alike directory: network members (no district, or a member or participant district).
  "GET /api/directory": { allowed: SIGNED_IN },
  "GET /api/directory/me": { allowed: SIGNED_IN },
  "PUT /api/directory/me": {
    allowed: SIGNED_IN,
    body: {
      position: "data_lead",
      title: "",
      phone: "",
      email: "",
      show_contact: false,
      listed: false,
    },
  },
  "GET /api/plans/:planId": { allowed: PLAN_MEMBERS, hidden: true },
  "PUT /api/plans/:planId": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    body: { agreement: { norms: "Start on time", roles: "", cadence: "Quarterly" } },
  },
  "POST /api/plans/:planId/cycles": {
    allowed: ["hub_admin", "district_admin", "school_staff", "facilitator"],
    hidden: true,
    body: { school_code: S1, change_idea: "Day-2 calls", prediction: "half return" },
  },
  "PUT /api/plans/:planId/cycles/:cycleId": {
    allowed: ["hub_admin", "district_admin", "school_staff", "facilitator"],
    hidden: true,
    body: { results: "23 of 42 returned" },
  },
  "POST /api/plans/:planId/meetings": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    body: { held_at: "2025-04-15T16:00:00Z", title: "Q4 PDSA review" },
  },
  "PUT /api/plans/:planId/meetings/:meetingId": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    body: { notes: "Both schools reported" },
  },
  "GET /api/plans/:planId/meetings.ics": { allowed: PLAN_MEMBERS, hidden: true },
  // Two-way learning: members read both sides; S1's entries are written by S1's staff, not S2's.
  "GET /api/plans/:planId/learning": { allowed: PLAN_MEMBERS, hidden: true },
  "POST /api/plans/:planId/learning": {
    allowed: ["hub_admin", "district_admin", "school_staff", "facilitator"],
    hidden: true,
    body: { school_code: S1, direction: "gave", entry_date: "2025-01-20", text: "Our huddle" },
  },
  "PUT /api/plans/:planId/learning/:entryId": {
    allowed: ["hub_admin", "district_admin", "school_staff", "facilitator"],
    hidden: true,
    body: { text: "Beta's call script, in grade 3" },
    prepare: newEntry,
  },
  "DELETE /api/plans/:planId/learning/:entryId": {
    allowed: ["hub_admin", "district_admin", "school_staff", "facilitator"],
    hidden: true,
    prepare: newEntry,
  },
  "GET /api/change-ideas": { allowed: SIGNED_IN },
  "GET /api/facilitation": {
    allowed: ["hub_admin", "district_admin", "other_district_admin", "facilitator"],
  },
  "GET /api/plans/:planId/facilitator": { allowed: PLAN_ASSIGNERS, hidden: true },
  "PUT /api/plans/:planId/facilitator": {
    allowed: PLAN_ASSIGNERS,
    hidden: true,
    // The same facilitator again: the walk goes on with the plan as it was.
    body: () => ({ facilitator_id: h.userIds.facilitator }),
  },
  "GET /api/plans/:planId/reviews": { allowed: PLAN_MEMBERS, hidden: true },
  "POST /api/plans/:planId/reviews": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    body: { note: "Ready for a look" },
  },
  "PUT /api/plans/:planId/reviews/:reviewId": {
    allowed: PLAN_REVIEWERS,
    hidden: true,
    body: { outcome: "reviewed", comments: "Clear aim" },
  },
  "GET /api/plans/:planId/progress-scores": { allowed: PLAN_MEMBERS, hidden: true },
  "PUT /api/plans/:planId/progress-scores/:month": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    body: { score: 2 },
  },
  "GET /api/network/rollup": { allowed: HUB },
  "GET /api/plans/:planId/evidence": { allowed: PLAN_MEMBERS, hidden: true },
  "POST /api/plans/:planId/measures": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    body: { name: "Calls made", unit: "calls", chart: "run", direction: "higher_is_better" },
  },
  "PUT /api/plans/:planId/measures/:measureId": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    body: { description: "counted each Friday" },
  },
  // Each member enters the day's value, then takes it away (the PUT route runs first).
  "PUT /api/plans/:planId/measures/:measureId/values/:date": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    body: { value: 12 },
  },
  "DELETE /api/plans/:planId/measures/:measureId/values/:date": {
    allowed: PLAN_MEMBERS,
    hidden: true,
  },
  // Shared resources: every account reads, downloads and rates; all but network members publish;
  // a version is added by the author (S1's staff), their district's admin (D1) or the hub.
  "GET /api/resources": { allowed: SIGNED_IN },
  "GET /api/resources/:resourceId": { allowed: SIGNED_IN },
  "POST /api/resources": {
    allowed: PUBLISHERS,
    body: { title: "Meeting agenda", kind: "meeting_template", url: "https://docs.example.org/a" },
  },
  "POST /api/resources/:resourceId/versions": {
    allowed: ["hub_admin", "district_admin", "school_staff"],
    body: { url: "https://docs.example.org/huddle-2", notes: "revised" },
  },
  "PUT /api/resources/:resourceId/rating": { allowed: SIGNED_IN, body: { stars: 4 } },
  "GET /api/resources/:resourceId/versions/:version/download": { allowed: SIGNED_IN },
  // A fresh measure each time (the url's :measureId is it for this route, see concrete()).
  "DELETE /api/plans/:planId/measures/:measureId": {
    allowed: PLAN_MEMBERS,
    hidden: true,
    prepare: newDoomedMeasure,
  },
  // Submission in the browser (issue #18): D1's data lead and the hub; D2's lead is refused.
  // The POST sends no files (400 past the access check); the compute is refused as incomplete.
  "POST /api/districts/:districtCode/years/:year/submissions": { allowed: SUBMITTERS },
  "GET /api/submissions": { allowed: SUBMITTERS },
  "GET /api/submissions/:id": { allowed: SUBMITTERS },
  "GET /api/submissions/:id/report.csv": { allowed: SUBMITTERS },
  "GET /api/years/:year/submission-status": { allowed: HUB },
  "POST /api/years/:year/computes": { allowed: HUB },
  "GET /api/years/:year/computes": { allowed: HUB },
  "GET /api/computes/:id": { allowed: HUB },
};

function concrete(url: string, runId: string, method = "GET"): string {
  const measure =
    method === "DELETE" && url.endsWith("/measures/:measureId") ? ids.doomed : ids.measure;
  return url
    .replace(/^\/api\/submissions$/, "/api/submissions?district=0100001")
    .replace("/api/computes/:id", "/api/computes/0123456789abcdef")
    .replace("/api/submissions/:id", `/api/submissions/${SUBMISSION}`)
    .replace(":districtCode", "0100001")
    .replace(":year", "2024")
    .replace(":measureId", String(measure))
    .replace(":resourceId", String(ids.resource))
    .replace(":version", "1")
    .replace(":date", "2025-01-06")
    .replace(":runId", runId)
    .replace(":schoolCode", S1)
    .replace(":districtCode", D1)
    .replace(":metric", "chronic_absence")
    .replace(":measure", "chronic_absence_to_date")
    .replace(":table", "metric_results")
    .replace(/\/peers$/, "/peers?metric=chronic_absence")
    .replace(/\/search$/, "/search?q=alpha")
    .replace("*", "index.html")
    .replace(":planId", String(ids.plan))
    .replace(":cycleId", String(ids.cycle))
    .replace(":meetingId", String(ids.meeting))
    .replace(":entryId", String(ids.entry))
    .replace(":reviewId", String(ids.review))
    .replace(":month", "2025-01")
    .replace(":districtCode", D1)
    .replace(/\/plan-draft$/, `/plan-draft?kind=pair&school_level=elementary&group_key=${S1}`);
}

function apiRoutes(): { method: string; url: string; key: string; isPublic: boolean }[] {
  return h.app.apiRoutes
    .flatMap((r) =>
      (Array.isArray(r.method) ? r.method : [r.method]).map((m) => ({ r, m: String(m) })),
    )
    .filter(({ m }) => m !== "HEAD")
    .map(({ r, m }) => ({
      method: m,
      url: r.url,
      key: `${m} ${r.url}`,
      isPublic: r.config?.access !== undefined && "public" in r.config.access,
    }));
}

describe("authorization: every route × every role", () => {
  it("every registered route declares an access policy", () => {
    const routes = h.app.apiRoutes;
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) expect(r.config?.access, `${String(r.method)} ${r.url}`).toBeDefined();
  });

  it("every non-public route has a row in the expected-policy table, and every row a route", () => {
    const keys = apiRoutes()
      .filter((r) => !r.isPublic || r.url.startsWith("/api/auth"))
      .map((r) => r.key);
    expect(new Set(keys)).toEqual(new Set(Object.keys(MATRIX)));
  });

  it("public routes are only the sign-in, who-am-I, documentation and invitation routes", () => {
    const open = apiRoutes()
      .filter((r) => r.isPublic)
      .map((r) => r.url);
    for (const url of open)
      expect(url).toMatch(/^\/api\/(docs|auth\/(login|me)|invitations\/accept$)/);
  });

  it("allows and denies each role exactly as the table says", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const who of EVERYONE) {
      const routes = apiRoutes().sort(
        (a, b) => Number(a.key.includes("logout")) - Number(b.key.includes("logout")),
      );
      for (const route of routes) {
        const expected =
          route.isPublic && !MATRIX[route.key] ? { allowed: ALL } : MATRIX[route.key]!;
        const variants: [string, readonly Who[]][] = [[PUBLISHED, expected.allowed]];
        if (expected.draftAllowed) variants.push([DRAFT, expected.draftAllowed]);
        for (const [runId, allowedFor] of variants) {
          // A fresh session per request: logout and login change the caller's own session.
          const { cookie, csrf } = await signIn(h.app, who);
          await expected.prepare?.();
          const res = await h.app.inject({
            method: route.method as "GET",
            url: concrete(route.url, runId, route.method),
            headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { "x-csrf-token": csrf } : {}) },
            ...(expected.body !== undefined
              ? {
                  payload: (typeof expected.body === "function"
                    ? expected.body()
                    : expected.body) as object,
                }
              : {}),
          });
          const code = res.headers["content-type"]?.toString().includes("json")
            ? (res.json() as { error?: { code?: string } }).error?.code
            : undefined;
          // A draft is refused as if it did not exist (404), so its id cannot be confirmed by a
          // 401 or 403 (issue #15 point 9).
          const refused = (res.statusCode === 401 || res.statusCode === 403) && code !== undefined;
          const hidden = res.statusCode === 404 && code === "not_found";
          const denied = runId === DRAFT ? hidden : expected.hidden ? hidden || refused : refused;
          const shouldAllow = allowedFor.includes(who);
          // Outside the plan, nothing tells it exists: a 404, never a 401 or 403.
          const outsider = expected.hidden && !(PLAN_MEMBERS as readonly Who[]).includes(who);
          if (outsider && !hidden) {
            failures.push(`${who} ${route.method} ${route.url} → ${res.statusCode}, not 404`);
          }
          checked++;
          if (denied === shouldAllow || (runId === DRAFT && refused) || res.statusCode >= 500) {
            failures.push(
              `${who} ${route.method} ${concrete(route.url, runId, route.method)} → ${res.statusCode} ${res.body.slice(0, 120)}`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(8 * 20);
    // A sign-in per request, for every role and route (some 90 routes): minutes on a busy machine.
  }, 600_000);

  it("refuses a state-changing request whose CSRF header is missing or wrong", async () => {
    const { cookie, csrf } = await signIn(h.app, "hub_admin");
    const url = `/api/runs/${PUBLISHED}/pairings/overrides`;
    const payload = { school_code: S1, partner_code: S3, reason: "test" };
    const missing = await h.app.inject({ method: "POST", url, headers: { cookie }, payload });
    expect(missing.statusCode).toBe(403);
    const wrong = await h.app.inject({
      method: "POST",
      url,
      headers: { cookie, "x-csrf-token": `${csrf}x` },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const right = await h.app.inject({
      method: "POST",
      url,
      headers: { cookie, "x-csrf-token": csrf },
      payload,
    });
    expect(right.statusCode).toBe(201);
  });

  it("answers 500 with no_access_policy for a route that declares none (deny by default)", async () => {
    const { buildApp } = await import("../../src/server/app.ts");
    const { TEST_SCRYPT_PARAMS } = await import("../../src/accounts/password-hash.ts");
    const app = await buildApp({
      warehouse: h.warehouse,
      workspace: h.workspace,
      framework: h.framework,
      clock: () => new Date(),
      options: { scryptParams: TEST_SCRYPT_PARAMS },
    });
    app.get("/api/forgotten", async () => ({ secret: true }));
    const res = await app.inject({ method: "GET", url: "/api/forgotten" });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: {
        code: "no_access_policy",
        message: "route /api/forgotten declares no access policy",
      },
    });
    await app.close();
  });
});
