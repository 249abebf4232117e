import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canAccess } from "../../src/access/access-policy.ts";
import type { Principal } from "../../src/access/principal.ts";
import { planResource } from "../../src/server/plan-access.ts";
import { type Plan, PlanRepository } from "../../src/workspace/plan-repository.ts";
import type { PlanKind } from "../../src/workspace/workspace-schema.ts";
import {
  ACCOUNTS,
  EVERYONE,
  type Harness,
  PRIOR,
  PUBLISHED,
  S1,
  S2,
  S3,
  S4,
  signIn,
  startHarness,
  type Who,
} from "./fixture.ts";

let h: Harness;
let all: Plan[] = [];

const NAMES: Record<string, string> = { [S1]: "Alpha", [S2]: "Beta", [S3]: "Gamma", [S4]: "Delta" };

beforeAll(async () => {
  h = await startHarness();
  const plans = new PlanRepository(h.workspace.db);
  const other = h.userIds.other_school_staff;
  // Every run × kind × level × group, over schools of both districts, with the facilitator, none,
  // or another user as facilitator, so each filter and each reader's visibility cuts differently.
  const groups: { kind: PlanKind; key: string; schools: string[] }[] = [
    { kind: "pair", key: S1, schools: [S1, S2] },
    { kind: "pair", key: S3, schools: [S3, S4] },
    { kind: "pair", key: S2, schools: [S2, S3] },
    { kind: "community", key: "c-1", schools: [S1, S3, S4] },
    { kind: "community", key: "c-2", schools: [S4, S2] },
  ];
  let n = 0;
  for (const runId of [PUBLISHED, PRIOR, null])
    for (const level of ["elementary", "middle"])
      for (const g of groups) {
        n++;
        await plans.create({
          kind: g.kind,
          runId,
          schoolLevel: level,
          groupKey: g.key,
          title: `Plan ${n}`,
          schools: g.schools.map((s, i) => ({
            schoolCode: s,
            schoolName: NAMES[s]!,
            role: i === 0 ? "priority" : g.kind === "pair" ? "partner" : "member",
          })),
          facilitatorId: [h.userIds.facilitator, null, other][n % 3] ?? null,
          createdBy: h.userIds.hub_admin,
        });
      }
  all = await plans.list();
});
afterAll(async () => {
  await h?.close();
});

function principal(who: Who): Principal {
  if (who === "anonymous")
    return { role: "public", userId: null, districtCode: null, schoolCode: null };
  const a = ACCOUNTS[who];
  return {
    role: a.role,
    userId: h.userIds[who],
    districtCode: a.districtCode,
    schoolCode: a.schoolCode,
  };
}

interface Query {
  run_id?: string;
  kind?: string;
  school_level?: string;
  group_key?: string;
}

/** GET /api/plans as filtered before the filters went into SQL: every plan, then in memory. */
function filteredInMemory(who: Principal, q: Query): number[] {
  return all
    .filter(
      (p) =>
        (q.run_id === undefined || p.runId === q.run_id) &&
        (q.kind === undefined || p.kind === q.kind) &&
        (q.school_level === undefined || p.schoolLevel === q.school_level) &&
        (q.group_key === undefined || p.groupKey === q.group_key) &&
        canAccess(who, planResource(p, "read")).allowed,
    )
    .map((p) => p.id);
}

/** Each filter absent or one of two values: 3^4 combinations. */
function queries(): Query[] {
  const choices: [keyof Query, (string | undefined)[]][] = [
    ["run_id", [undefined, PUBLISHED, PRIOR]],
    ["kind", [undefined, "pair", "community"]],
    ["school_level", [undefined, "elementary", "middle"]],
    ["group_key", [undefined, S1, "c-1"]],
  ];
  let out: Query[] = [{}];
  for (const [key, values] of choices)
    out = out.flatMap((q) => values.map((v) => (v === undefined ? q : { ...q, [key]: v })));
  return out;
}

describe("GET /api/plans with the filters and the reader's visibility in SQL", () => {
  it("the fixture has plans each reader sees and plans each reader does not", () => {
    expect(all).toHaveLength(30);
    for (const who of ["facilitator", "district_admin", "school_staff"] as const) {
      const seen = filteredInMemory(principal(who), {}).length;
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(all.length);
    }
  });

  it.each(EVERYONE)(
    "returns for %s exactly the plans the in-memory filtering did, for every filter combination",
    async (who) => {
      const { cookie } = await signIn(h.app, who);
      const p = principal(who);
      for (const q of queries()) {
        const res = await h.app.inject({
          method: "GET",
          url: "/api/plans",
          query: { ...q },
          headers: cookie ? { cookie } : {},
        });
        expect(res.statusCode, JSON.stringify(q)).toBe(200);
        const ids = (res.json() as { plans: { id: number }[] }).plans.map((x) => x.id);
        expect(ids, `${who} ${JSON.stringify(q)}`).toEqual(filteredInMemory(p, q));
      }
    },
  );

  it.each(["hub_admin", "district_admin", "facilitator"] as const)(
    "pages %s's plans: every plan once across the pages, in order, with the same total on each",
    async (who) => {
      const { cookie } = await signIn(h.app, who);
      const expected = filteredInMemory(principal(who), {});
      const perPage = 4;
      const pages = Math.ceil(expected.length / perPage);
      const seen: number[] = [];
      for (let page = 1; page <= pages + 1; page++) {
        const res = await h.app.inject({
          method: "GET",
          url: "/api/plans",
          query: { page: String(page), per_page: String(perPage) },
          headers: { cookie },
        });
        expect(res.statusCode).toBe(200);
        const body = res.json() as {
          plans: { id: number }[];
          total: number;
          page: number;
          per_page: number;
        };
        expect(body.total).toBe(expected.length);
        expect(body.page).toBe(page);
        expect(body.per_page).toBe(perPage);
        expect(body.plans.length).toBe(
          page <= pages ? Math.min(perPage, expected.length - seen.length) : 0,
        );
        seen.push(...body.plans.map((x) => x.id));
      }
      expect(seen).toEqual(expected);
    },
  );

  it("pages 50 plans by default and refuses a page of 0 or more than 200 plans", async () => {
    const { cookie } = await signIn(h.app, "hub_admin");
    const plain = await h.app.inject({ method: "GET", url: "/api/plans", headers: { cookie } });
    expect(plain.json()).toMatchObject({ total: 30, page: 1, per_page: 50 });
    for (const query of [{ page: "0" }, { per_page: "201" }, { per_page: "0" }] as Record<
      string,
      string
    >[]) {
      const res = await h.app.inject({
        method: "GET",
        url: "/api/plans",
        query,
        headers: { cookie },
      });
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
    }
  });
});
