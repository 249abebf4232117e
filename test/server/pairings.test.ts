import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import {
  DRAFT,
  type Harness,
  PAIR_FACTS,
  PUBLISHED,
  S1,
  S2,
  S3,
  signIn,
  startHarness,
} from "./fixture.ts";

let h: Harness;
let hub: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startHarness();
  hub = await signIn(h.app, "hub_admin");
});
afterAll(async () => {
  await h?.close();
});

interface PairingRow {
  school_code: string;
  school_name: string | null;
  partner_code: string | null;
  partner_name: string | null;
  cost: number | null;
  context_distance: number | null;
  context_distance_rank: number | null;
  kept: boolean;
  reason: string;
  override: string | null;
  override_at: string | null;
  proposed_partner_code: string | null;
}
interface CommunityRow {
  community_id: string | null;
  school_code: string;
  problem: string | null;
  problem_level: number | null;
  reason: string;
  override: string | null;
  proposed_community_id: string | null;
}

async function rows<T>(runId: string, table: "pairings" | "communities"): Promise<T[]> {
  // The draft run is the hub's: read it as the hub.
  const res = await h.app.inject({
    method: "GET",
    url: `/api/runs/${runId}/${table}`,
    headers: { cookie: hub.cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { rows: T[] }).rows;
}

function post(url: string, payload: object, who = hub) {
  return h.app.inject({
    method: "POST",
    url,
    headers: { cookie: who.cookie, "x-csrf-token": who.csrf },
    payload,
  });
}

/** RFC 4180 rows (reasons hold commas and quotes). */
function csv(body: string): Record<string, string>[] {
  const records: string[][] = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      records.at(-1)!.push(field);
      field = "";
    } else if (c === "\n") {
      records.at(-1)!.push(field);
      field = "";
      records.push([]);
    } else field += c;
  }
  if (field !== "" || records.at(-1)!.length > 0) records.at(-1)!.push(field);
  const [header, ...lines] = records.filter((r) => r.length > 1);
  return lines.map((l) => Object.fromEntries(l.map((v, i) => [header![i], v])));
}

describe("GET /api/runs/:runId/pairings and /communities", () => {
  it("lists the run's proposed pairs with the schools' names, cost parts and reason", async () => {
    const [row] = await rows<PairingRow>(PUBLISHED, "pairings");
    expect(row).toMatchObject({
      school_code: S1,
      school_name: "Alpha Elementary",
      partner_code: S2,
      partner_name: "Beta Elementary",
      cost: 1.25,
      context_distance: 0.5,
      context_distance_rank: 1,
      kept: false,
      override: null,
      override_at: null,
      proposed_partner_code: S2,
    });
    expect(row!.reason).toContain("Paired with Beta Elementary");
  });

  it("lists communities with their shared problem, unassigned schools last", async () => {
    const list = await rows<CommunityRow>(PUBLISHED, "communities");
    expect(list.map((r) => [r.community_id, r.school_code, r.problem])).toEqual([
      ["C1", S1, "HI × chronic_absence"],
      ["C1", S2, "HI × chronic_absence"],
      ["C2", S3, "AA × chronic_absence"],
    ]);
  });
});

describe("POST /api/runs/:runId/pairings/overrides (hub analyst replaces a pair)", () => {
  it("refuses an override without a reason, or with a blank one, naming the reason", async () => {
    const url = `/api/runs/${DRAFT}/pairings/overrides`;
    const missing = await post(url, { school_code: S1, partner_code: S3 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/reason/);
    const blank = await post(url, { school_code: S1, partner_code: S3, reason: "   " });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toBe(`an override of school "${S1}" needs a reason`);
  });

  it("answers 404 for a school the run does not pair and 400 for a partner not in the run", async () => {
    const url = `/api/runs/${DRAFT}/pairings/overrides`;
    const unknownSchool = await post(url, { school_code: S3, partner_code: S1, reason: "x" });
    expect(unknownSchool.statusCode).toBe(404);
    expect(unknownSchool.json().error.message).toContain(`school "${S3}" is not a priority school`);
    const unknownPartner = await post(url, {
      school_code: S1,
      partner_code: "09999990000009",
      reason: "x",
    });
    expect(unknownPartner.statusCode).toBe(400);
    expect(unknownPartner.json().error.message).toContain(`partner "09999990000009"`);
    const self = await post(url, { school_code: S1, partner_code: S1, reason: "x" });
    expect(self.statusCode).toBe(400);
    const missingRun = await post(`/api/runs/no-such-run/pairings/overrides`, {
      school_code: S1,
      partner_code: S3,
      reason: "x",
    });
    expect(missingRun.statusCode).toBe(404);
  });

  it("applies the latest override in GET and in the CSV export, leaving the run's rows as they were", async () => {
    const url = `/api/runs/${DRAFT}/pairings/overrides`;
    const first = await post(url, {
      school_code: S1,
      partner_code: null,
      reason: "Pause this year",
    });
    expect(first.statusCode, first.body).toBe(201);
    const res = await post(url, {
      school_code: S1,
      partner_code: S3,
      reason: "The principals already work together",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      run_id: DRAFT,
      kind: "pair",
      school_code: S1,
      school_level: "elementary",
      target: S3,
      partner_code: S3,
      by: "hub_admin@example.org",
      reason: "The principals already work together",
    });
    expect(res.json().seq).toBe(first.json().seq + 1);

    const [row] = await rows<PairingRow>(DRAFT, "pairings");
    expect(row).toMatchObject({
      partner_code: S3,
      partner_name: "Gamma Elementary",
      cost: 2.5,
      context_distance: 3.1,
      context_distance_rank: 2,
      override: "The principals already work together",
      proposed_partner_code: S2,
    });
    expect(row!.reason).toMatch(
      new RegExp(
        `^Partner set to ${S3} by the hub analyst: The principals already work together \\(Proposed: Paired with Beta`,
      ),
    );
    expect(Date.parse(row!.override_at!)).not.toBeNaN();
    // Another run is untouched.
    expect((await rows<PairingRow>(PUBLISHED, "pairings"))[0]!.partner_code).toBe(S2);

    const exported = await h.app.inject({
      method: "GET",
      url: `/api/runs/${DRAFT}/exports/pairings`,
      headers: { cookie: hub.cookie },
    });
    expect(exported.statusCode).toBe(200);
    expect(csv(exported.body)).toEqual([
      expect.objectContaining({
        school_code: S1,
        partner_code: S3,
        override: "The principals already work together",
      }),
    ]);
    const stored = await h.warehouse.all(
      "SELECT partner_code, facts::VARCHAR AS facts FROM pairings WHERE run_id = ?",
      [DRAFT],
    );
    expect(stored).toEqual([
      {
        partner_code: S2,
        facts: JSON.stringify(PAIR_FACTS),
      },
    ]);
  });

  it("keeps every override in the hub's history and writes an audit entry naming the analyst", async () => {
    const history = await h.app.inject({
      method: "GET",
      url: `/api/runs/${DRAFT}/pairings/overrides`,
      headers: { cookie: hub.cookie },
    });
    expect(history.statusCode).toBe(200);
    const overrides = (history.json() as { overrides: { target: string | null; by: string }[] })
      .overrides;
    expect(overrides.map((o) => o.target)).toEqual([null, S3]);
    expect(new Set(overrides.map((o) => o.by))).toEqual(new Set(["hub_admin@example.org"]));
    const audit = await new AuditLog(h.workspace.db).list({ userId: h.userIds.hub_admin });
    const entries = audit.filter((a) => a.action === "override");
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[0]).toMatchObject({
      role: "hub_admin",
      resource: `pairings of run ${DRAFT}`,
      schoolCode: S1,
      outcome: "allowed",
    });
  });

  it("refuses a district admin (403) and writes nothing", async () => {
    const admin = await signIn(h.app, "district_admin");
    const before = await h.warehouse.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM pairing_overrides",
    );
    const res = await post(
      `/api/runs/${PUBLISHED}/pairings/overrides`,
      { school_code: S1, partner_code: S3, reason: "mine" },
      admin,
    );
    expect(res.statusCode).toBe(403);
    const after = await h.warehouse.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM pairing_overrides",
    );
    expect(after.n).toBe(before.n);
  });
});

describe("POST /api/runs/:runId/communities/overrides (hub analyst moves a school)", () => {
  it("moves a school into another community, which shows in GET and in the export", async () => {
    const url = `/api/runs/${DRAFT}/communities/overrides`;
    const unknown = await post(url, { school_code: S3, community_id: "C9", reason: "x" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain(`community "C9"`);
    const res = await post(url, { school_code: S3, community_id: "C1", reason: "Same county" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: "community", target: "C1", community_id: "C1" });

    const moved = (await rows<CommunityRow>(DRAFT, "communities")).find(
      (r) => r.school_code === S3,
    );
    expect(moved).toMatchObject({
      community_id: "C1",
      problem: "HI × chronic_absence",
      problem_level: null,
      override: "Same county",
      proposed_community_id: "C2",
    });
    expect(moved!.reason).toMatch(/^Moved to community C1 by the hub analyst: Same county/);
    const exported = await h.app.inject({
      method: "GET",
      url: `/api/runs/${DRAFT}/exports/communities`,
      headers: { cookie: hub.cookie },
    });
    expect(csv(exported.body).find((r) => r.school_code === S3)).toMatchObject({
      community_id: "C1",
      override: "Same county",
    });
    const stored = await h.warehouse.one<{ community_id: string }>(
      "SELECT community_id FROM communities WHERE run_id = ? AND school_code = ?",
      [DRAFT, S3],
    );
    expect(stored.community_id).toBe("C2");
  });
});

describe("GET /api/runs/:runId/schools/:schoolCode/peers", () => {
  const peers = (query: string, school = S1) =>
    h.app.inject({ method: "GET", url: `/api/runs/${PUBLISHED}/schools/${school}/peers${query}` });

  it("lists similar schools strong on the measure, nearest first, leaving out suppressed cells", async () => {
    const res = await peers("?metric=chronic_absence");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      school: { schoolCode: string; schoolName: string };
      schoolLevelOnMetric: number;
      minLevel: number;
      peers: { schoolCode: string; level: number; contextRank: number }[];
    };
    expect(body.school).toMatchObject({ schoolCode: S1, schoolName: "Alpha Elementary" });
    expect(body.schoolLevelOnMetric).toBe(4);
    // S4 is at level 9 too, but its ALL group (12 students) is a suppressed cell.
    expect(body.peers.map((p) => [p.schoolCode, p.level])).toEqual([
      [S2, 8],
      [S3, 9],
    ]);
    expect(body.peers[0]!.contextRank).toBeLessThan(body.peers[1]!.contextRank);
  });

  it("honours limit and min_level", async () => {
    const res = await peers("?metric=chronic_absence&limit=1&min_level=9");
    expect(
      (res.json() as { peers: { schoolCode: string }[] }).peers.map((p) => p.schoolCode),
    ).toEqual([S3]);
  });

  it("reads the run's school contexts once: later answers come from memory and are unchanged", async () => {
    const first = await peers("?metric=chronic_absence");
    expect(first.statusCode, first.body).toBe(200);
    await h.warehouse.run(
      `CREATE TEMP TABLE kept_context AS SELECT * FROM school_context WHERE run_id = '${PUBLISHED}'`,
    );
    await h.warehouse.run(`DELETE FROM school_context WHERE run_id = '${PUBLISHED}'`);
    try {
      const again = await peers("?metric=chronic_absence");
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual(first.json());
    } finally {
      await h.warehouse.run("INSERT INTO school_context SELECT * FROM kept_context");
      await h.warehouse.run("DROP TABLE kept_context");
    }
  });

  it("answers 400 without a metric or for an unknown one, 404 for a school not in the run", async () => {
    expect((await peers("")).statusCode).toBe(400);
    const unknownMetric = await peers("?metric=no_such_measure");
    expect(unknownMetric.statusCode).toBe(400);
    expect(unknownMetric.json().error.message).toContain("no_such_measure");
    expect((await peers("?metric=chronic_absence", "09999990000009")).statusCode).toBe(404);
  });
});

describe("before the pairing stage has run", () => {
  it("answers 404 not_computed for pairings and communities (last: drops the tables)", async () => {
    await h.warehouse.run("DROP TABLE pairings");
    await h.warehouse.run("DROP TABLE communities");
    for (const table of ["pairings", "communities"]) {
      const res = await h.app.inject({ method: "GET", url: `/api/runs/${PUBLISHED}/${table}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("not_computed");
    }
  });
});
