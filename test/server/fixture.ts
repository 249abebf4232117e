import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { hashPassword, TEST_SCRYPT_PARAMS } from "../../src/accounts/password-hash.ts";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { IDENTIFICATION_DDL } from "../../src/identification/identification-table.ts";
import {
  COMMUNITIES_DDL,
  PAIRING_CANDIDATES_DDL,
  PAIRINGS_DDL,
} from "../../src/identification/pairing-tables.ts";
import type { PairFacts, TierFacts } from "../../src/identification/reason-facts.ts";
import { SCHOOL_CONTEXT_DDL } from "../../src/identification/school-context.ts";
import {
  INDEX_COMPONENTS_DDL,
  INDEX_GROUP_LEVELS_DDL,
  INDEX_RESULTS_DDL,
} from "../../src/levels/index-tables.ts";
import { METRIC_LEVELS_DDL } from "../../src/levels/metric-levels-table.ts";
import { METRIC_RESULTS_DDL } from "../../src/measures/metric-results.ts";
import { PERIODIC_RESULTS_DDL } from "../../src/measures/periodic-results-table.ts";
import { RUNS_DDL } from "../../src/runs/runs-table.ts";
import { buildApp } from "../../src/server/app.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openWorkspace, type Workspace } from "../../src/workspace/open-workspace.ts";
import type { Plan } from "../../src/workspace/plan-repository.ts";
import { PublishedRunRepository } from "../../src/workspace/published-run-repository.ts";
import { UserRepository } from "../../src/workspace/user-repository.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

export const D1 = "0100001";
export const D2 = "0200002";
export const S1 = "01000010000001";
export const S2 = "01000010000002";
export const S3 = "02000020000003";
/** In the pairing tables and results only: a strong school whose ALL group is below min n. */
export const S4 = "02000020000004";
export const PUBLISHED = "r2024-published";
export const PRIOR = "r2023-published";
export const DRAFT = "r2024-draft";
export const PASSWORD = "correct horse battery staple";

/** The accounts of the matrix, by the name tests use; `anonymous` has none. */
export const ACCOUNTS = {
  hub_admin: { role: "hub_admin", districtCode: null, schoolCode: null },
  district_admin: { role: "district_admin", districtCode: D1, schoolCode: null },
  other_district_admin: { role: "district_admin", districtCode: D2, schoolCode: null },
  school_staff: { role: "school_staff", districtCode: D1, schoolCode: S1 },
  other_school_staff: { role: "school_staff", districtCode: D1, schoolCode: S2 },
  facilitator: { role: "facilitator", districtCode: null, schoolCode: null },
  network_member: { role: "network_member", districtCode: null, schoolCode: null },
} as const;
export type Who = keyof typeof ACCOUNTS | "anonymous";
export const EVERYONE: readonly Who[] = [
  "anonymous",
  ...(Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]),
];

/** Chronic absence at S1 in the published run: a race group of 8 below min n 20. */
export const S1_CHRONIC = [
  ["ALL", 200, 40],
  ["HI", 120, 30],
  ["AS", 8, 2],
  ["WH", 47, 5],
  ["AA", 25, 2],
  ["EL", 60, 15],
  ["SED", 190, 38],
] as const;

export interface Harness {
  readonly app: FastifyInstance;
  readonly warehouse: Warehouse;
  readonly workspace: Workspace;
  readonly framework: Framework;
  readonly userIds: Record<keyof typeof ACCOUNTS, number>;
  close(): Promise<void>;
}

async function seedWarehouse(w: Warehouse): Promise<void> {
  for (const ddl of [
    RUNS_DDL,
    METRIC_RESULTS_DDL,
    METRIC_LEVELS_DDL,
    INDEX_GROUP_LEVELS_DDL,
    INDEX_COMPONENTS_DDL,
    INDEX_RESULTS_DDL,
    IDENTIFICATION_DDL,
    SCHOOL_CONTEXT_DDL,
    PAIRING_CANDIDATES_DDL,
    PAIRINGS_DDL,
    COMMUNITIES_DDL,
    PERIODIC_RESULTS_DDL,
  ])
    await w.run(ddl);
  const runs = [
    [PRIOR, 2023, "2024-07-01 00:00:00"],
    [PUBLISHED, 2024, "2025-07-01 00:00:00"],
    [DRAFT, 2024, "2025-07-02 00:00:00"],
  ] as const;
  for (const [id, year, at] of runs) {
    await w.run(
      `INSERT INTO runs VALUES (?, ?, 'core-sqii', 'CORE SQII', 'hash1', 'core-sqii-2023', ?::TIMESTAMP, '0.1.0', '{"prior_run":null}', 'complete')`,
      [id, year, at],
    );
  }
  for (const [code, district, name] of [
    [S1, D1, "Alpha Elementary"],
    [S2, D1, "Beta Elementary"],
    [S3, D2, "Gamma Elementary"],
  ] as const) {
    for (const year of [2023, 2024]) {
      await w.run(
        `INSERT INTO schools (district_code, year, school_code, school_name, district_name, low_grade, high_grade, school_levels, title_i, charter, latitude, longitude, staff_count)
         VALUES (?, ?, ?, ?, 'District', 0, 5, 'elementary', true, false, 37.5, -122.1, 40)`,
        [district, year, code, name],
      );
    }
  }
  for (const run of [PUBLISHED, DRAFT]) {
    for (const [group, n, k] of S1_CHRONIC) {
      await w.run(
        `INSERT INTO metric_results VALUES (?, 2024, ?, 'elementary', 'chronic_absence', ?, ?, ?, ?, ?, NULL, NULL)`,
        [run, S1, group, n, k, (100 * k) / n, n < 20],
      );
    }
    await w.run(
      `INSERT INTO metric_levels VALUES (?, 2024, ?, 'elementary', 'chronic_absence', 'ALL', 4, -1.5, -3.0, -4.5)`,
      [run, S1],
    );
    for (const code of [S1, S2, S3]) {
      await w.run(`INSERT INTO index_results VALUES (?, 2024, ?, 'elementary', 42.5, 4, 5)`, [
        run,
        code,
      ]);
      await w.run(
        `INSERT INTO index_components VALUES (?, 2024, ?, 'elementary', 'chronic_absence', 'se_cc', 13.33, 4, 5.0, 2, 4.5, 6.0)`,
        [run, code],
      );
      await w.run(
        `INSERT INTO identification VALUES (?, 2024, ?, 'elementary', 'focus', false, true, '[]', 1, 0, 'new', ?)`,
        [run, code, JSON.stringify(FOCUS_FACTS)],
      );
    }
  }
  await w.run(
    `INSERT INTO metric_results VALUES (?, 2023, ?, 'elementary', 'chronic_absence', 'ALL', 190, 47.5, 25.0, false, NULL, NULL)`,
    [PRIOR, S1],
  );
  for (const run of [PUBLISHED, DRAFT]) await seedPairing(w, run);
  for (const run of [PUBLISHED, DRAFT]) await seedPeriodic(w, run);
  // Three students at S1, one at S2.
  for (const [id, school, race, absent] of [
    ["1000000001", S1, "HI", 20],
    ["1000000002", S1, "AS", 2],
    ["1000000003", S1, "WH", 0],
    ["1000000004", S2, "HI", 1],
  ] as const) {
    await w.run(
      `INSERT INTO students (district_code, year, student_id, gender, race_ethnicity, sed, swd, el_status, foster, homeless)
       VALUES (?, 2024, ?, 'F', ?, true, false, 'EO', false, false)`,
      [D1, id, race],
    );
    await w.run(
      `INSERT INTO enrollments (district_code, year, student_id, school_code, grade, entry_date, days_enrolled, days_absent, census_day)
       VALUES (?, 2024, ?, ?, 3, '2023-08-20', 180, ?, true)`,
      [D1, id, school, absent],
    );
  }
}

/** The first days of the fixture's ten months of periodic results (September to June). */
export const PERIODS = [
  "2023-09-01",
  "2023-10-01",
  "2023-11-01",
  "2023-12-01",
  "2024-01-01",
  "2024-02-01",
  "2024-03-01",
  "2024-04-01",
  "2024-05-01",
  "2024-06-01",
] as const;

/**
 * S1's chronic absence to date in each month, by group (the groups of {@link S1_CHRONIC}): ALL
 * drops from 40 to 20 of 200 students from February (the planted change); AS (8 students) is
 * below min n every month.
 */
export function s1ChronicToDate(group: string, month: number): number {
  const base = S1_CHRONIC.find(([g]) => g === group)![2];
  const after = month >= 5;
  const wobble = [0, 1, -1, 1, 0, 0, 1, -1, 0, 1][month]!;
  if (group === "ALL") return after ? 20 + wobble : 40 + wobble;
  if (group === "HI") return after ? 15 + wobble : 30 + wobble;
  if (group === "WH") return after ? 3 : 5;
  if (group === "AA") return 2;
  if (group === "AS") return 2 - wobble;
  if (group === "EL") return after ? 8 : 15;
  if (group === "SED") return after ? 19 + wobble : 38 + wobble;
  return base;
}

/**
 * Periodic results of `run` at S1 (elementary): chronic absence to date and the monthly absence
 * rate (18 enrolled days a student a month) for every group of {@link S1_CHRONIC}, ten months.
 */
async function seedPeriodic(w: Warehouse, run: string): Promise<void> {
  // One statement: the fixture is built before every server test file.
  const rows: string[] = [];
  const params: (string | number)[] = [];
  for (const [m, start] of PERIODS.entries()) {
    const end = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)), 0))
      .toISOString()
      .slice(0, 10);
    for (const [group, n] of S1_CHRONIC) {
      const k = s1ChronicToDate(group, m);
      const days = 18 * n;
      const absent = Math.round(days * (0.06 + (k / n) * 0.1));
      for (const [measure, num, den] of [
        ["chronic_absence_to_date", k, n],
        ["monthly_absence_rate", absent, days],
      ] as const) {
        rows.push("(?, 2024, ?, 'elementary', ?, ?, ?::DATE, ?::DATE, ?, ?, ?, ?, ?)");
        params.push(run, S1, measure, group, start, end, start.slice(0, 7), n, num, den);
        params.push((100 * num) / den);
      }
    }
  }
  await w.run(`INSERT INTO periodic_results VALUES ${rows.join(", ")}`, params);
}

/** The facts of the fixture's focus tiers (held in focus, no group meets the entry rule). */
export const FOCUS_FACTS: TierFacts<number> = {
  tier: "focus",
  basis: "held",
  schoolLevel: "elementary",
  titleI: true,
  yearsInTier: 1,
  yearsBelowEntry: 0,
  exitStatus: "new",
  exitedFrom: null,
  priorityBy: { index: false, graduation: false },
  partnerBy: { index: false, growth: false },
  indexScore: 42.5,
  indexLevel: 4,
  subgroupComponent: null,
  graduationRate: null,
  growth: null,
  focusByGroupLevel: false,
  cutoffs: { priorityScore: 20, priorityLevel: 2, subgroupComponent: 30 },
  rules: {
    priorityLowestPercent: 5,
    graduationRateBelow: 67,
    focusLowestPercent: 10,
    focusPerLevel: false,
    focusGroupRule: false,
    titleIOnly: false,
    exitAfterYears: 2,
    partnerMinIndexLevel: 8,
    partnerMinGrowthLevel: 8,
  },
};

/** The facts of the fixture's pair S1 – S2 (Beta Elementary, 4.2 km, the most similar). */
export const PAIR_FACTS: PairFacts<number> = {
  kind: "paired",
  schoolLevel: "elementary",
  partnerCode: S2,
  partnerName: "Beta Elementary",
  kept: false,
  replacedPrior: null,
  distanceKm: 4.2,
  sameDistrict: true,
  contextRank: 1,
  partnersAtLevel: 2,
  contextDistance: 0.5,
  shared: [],
  stronger: [],
  meanGap: null,
  cost: 1.25,
  broken: [],
  withinPreferences: 1,
  caliperKm: 50,
  maxCost: 3,
};

/**
 * The pairing stage's tables for `run`: S1 (priority, level 4 on chronic absence) paired with S2;
 * S3 is the other candidate. Communities: S1 and S2 in C1, S3 alone in C2. Peers of S1 on chronic
 * absence: S2 (level 8, nearest on context), S3 (level 9), and S4 (level 9, but ALL n = 12).
 */
async function seedPairing(w: Warehouse, run: string): Promise<void> {
  const contexts = [
    [S1, D1, "Alpha Elementary", [0.8, 0.2, 0.1, 0.6, 0.1, 0.05, 0.2, 6.0]],
    [S2, D1, "Beta Elementary", [0.75, 0.22, 0.11, 0.55, 0.1, 0.06, 0.24, 6.1]],
    [S3, D2, "Gamma Elementary", [0.3, 0.05, 0.1, 0.2, 0.05, 0.2, 0.5, 5.5]],
    [S4, D2, "Delta Elementary", [0.2, 0.02, 0.09, 0.1, 0.04, 0.3, 0.5, 5.2]],
  ] as const;
  for (const [code, district, name, vars] of contexts) {
    await w.run(
      `INSERT INTO school_context VALUES (?, 2024, ?, 'elementary', ?, ?, 37.5, -122.1, 300, [${vars.join(", ")}]::DOUBLE[])`,
      [run, code, name, district],
    );
  }
  for (const [partner, cost, distance, rank, km, same] of [
    [S2, 1.25, 0.5, 1, 4.2, true],
    [S3, 2.5, 3.1, 2, 120.5, false],
  ] as const) {
    await w.run(
      `INSERT INTO pairing_candidates VALUES (?, 2024, ?, 'elementary', ?, ?, ?, ?, 3.0, ?, ?, NULL, '[]')`,
      [run, S1, partner, cost, distance, rank, km, same],
    );
  }
  await w.run(
    `INSERT INTO pairings VALUES (?, 2024, ?, 'elementary', ?, 1.25, 0.5, 1, 3.0, 4.2, false, ?)`,
    [run, S1, S2, JSON.stringify(PAIR_FACTS)],
  );
  for (const [community, code, district, problem, level] of [
    ["C1", S1, D1, "HI × chronic_absence", 4],
    ["C1", S2, D1, "HI × chronic_absence", 3],
    ["C2", S3, D2, "AA × chronic_absence", 2],
  ] as const) {
    await w.run(`INSERT INTO communities VALUES (?, 2024, ?, ?, 'elementary', ?, ?, ?, NULL)`, [
      run,
      community,
      code,
      district,
      problem,
      level,
    ]);
  }
  for (const [code, n, level] of [
    [S2, 300, 8],
    [S3, 250, 9],
    [S4, 12, 9],
  ] as const) {
    await w.run(
      `INSERT INTO metric_results VALUES (?, 2024, ?, 'elementary', 'chronic_absence', 'ALL', ?, 3, ?, ?, NULL, NULL)`,
      [run, code, n, 300 / n, n < 20],
    );
    await w.run(
      `INSERT INTO metric_levels VALUES (?, 2024, ?, 'elementary', 'chronic_absence', 'ALL', ?, NULL, NULL, NULL)`,
      [run, code, level],
    );
  }
  await w.run(`INSERT INTO index_results VALUES (?, 2024, ?, 'elementary', 80.0, 9, 5)`, [run, S4]);
}

/**
 * A server over an in-memory warehouse with three runs and a workspace with one account per role.
 * `clock` is the server's and the workspace's (default: the system's); `onQuery` hears the SQL
 * of every workspace statement.
 */
export async function startHarness(
  clock: () => Date = () => new Date(),
  options: { onQuery?: (sql: string) => void } = {},
): Promise<Harness> {
  const warehouse = await Warehouse.open(":memory:");
  await seedWarehouse(warehouse);
  const workspace = await openWorkspace(
    { dataDir: ":memory:" },
    options.onQuery ? { onQuery: options.onQuery } : {},
  );
  const users = new UserRepository(workspace.db, clock);
  const hash = await hashPassword(PASSWORD, TEST_SCRYPT_PARAMS);
  const userIds = {} as Record<keyof typeof ACCOUNTS, number>;
  for (const [name, a] of Object.entries(ACCOUNTS) as [
    keyof typeof ACCOUNTS,
    (typeof ACCOUNTS)[keyof typeof ACCOUNTS],
  ][]) {
    const user = await users.create({
      email: `${name}@example.org`,
      displayName: name,
      passwordHash: hash,
      role: a.role,
      districtCode: a.districtCode,
      schoolCode: a.schoolCode,
    });
    userIds[name] = user.id;
  }
  const published = new PublishedRunRepository(workspace.db, clock);
  await published.publish({ runId: PRIOR, year: 2023, by: userIds.hub_admin });
  await published.publish({ runId: PUBLISHED, year: 2024, by: userIds.hub_admin });
  const framework = loadFramework("frameworks/core-sqii.yaml");
  const app = await buildApp({
    warehouse,
    workspace,
    framework,
    clock,
    options: { scryptParams: TEST_SCRYPT_PARAMS, loginRequestsPerMinute: 1000 },
  });
  await app.ready();
  return {
    app,
    warehouse,
    workspace,
    framework,
    userIds,
    close: async () => {
      await app.close();
      await workspace.close();
      warehouse.close();
    },
  };
}

/** Signs `who` in; returns the cookie header and CSRF token (empty for anonymous). */
export async function signIn(
  app: FastifyInstance,
  who: Who,
): Promise<{ cookie: string; csrf: string }> {
  if (who === "anonymous") return { cookie: "", csrf: "" };
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email: `${who}@example.org`, password: PASSWORD },
  });
  if (res.statusCode !== 200)
    throw new Error(`login of ${who} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "collab_session")!;
  return {
    cookie: `collab_session=${cookie.value}`,
    csrf: (res.json() as { csrfToken: string }).csrfToken,
  };
}

/** A request of `who` (signed in first; anonymous: no cookie) through the harness's app. */
export async function callAs(
  h: Harness,
  who: Who,
  method: string,
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> {
  const { cookie, csrf } = await signIn(h.app, who);
  return h.app.inject({
    method: method as "GET",
    url,
    headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { "x-csrf-token": csrf } : {}) },
    ...(payload ? { payload } : {}),
  });
}

/**
 * The plan most server tests work on: the published run's elementary pair of Alpha (S1, the
 * priority school) and Beta (S2, its partner), with D1's facilitator, created by the hub.
 */
export function createAlphaBetaPlan(h: Harness): Promise<Plan> {
  return workspaceRepositories(h.workspace.db).plans.create({
    kind: "pair",
    runId: PUBLISHED,
    schoolLevel: "elementary",
    groupKey: S1,
    title: "Alpha and Beta",
    schools: [
      { schoolCode: S1, schoolName: "Alpha Elementary", role: "priority" },
      { schoolCode: S2, schoolName: "Beta Elementary", role: "partner" },
    ],
    facilitatorId: h.userIds.facilitator,
    createdBy: h.userIds.hub_admin,
  });
}
