import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, TEST_SCRYPT_PARAMS } from "../../src/accounts/password-hash.ts";
import { computeYear, DEFAULT_FRAMEWORK } from "../../src/cli/compute.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { buildApp } from "../../src/server/app.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openWorkspace, type Workspace } from "../../src/workspace/open-workspace.ts";
import { PdsaCycleRepository } from "../../src/workspace/pdsa-cycle-repository.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const PASSWORD = "correct horse battery staple";

interface Change {
  effect: string;
  first_period: string;
  sentence: string;
}
interface Chart {
  key: string;
  title: string;
  school_code: string | null;
  measure: string;
  verdict: string;
  sentence: string | null;
  annotations: { kind: string; ref_id: number; date: string; label: string }[];
  changes: Change[];
  baseline_before_start: boolean;
}
interface Evidence {
  started_on: string;
  summary: string[];
  charts: Chart[];
}

/** truth/planted_changes.csv as records. */
function plantedChanges(network: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(network, "truth", "planted_changes.csv"), "utf8")
    .trim()
    .split("\n");
  const cols = header!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i]!, v])));
}

/** The first day of the month before `day`'s month. */
function monthBefore(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 10);
}

describe("a plan's evidence of progress on the synthetic network with planted changes", () => {
  let dir: string;
  let warehouse: Warehouse;
  let workspace: Workspace;
  let app: FastifyInstance;
  const picked = { changed: "", unchanged: "", level: "", start: "", cycle: 0, meeting: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "plan-evidence-"));
    const network = join(dir, "network");
    await generateNetwork(
      { students: 3000, districts: 2, years: [2024, 2025], seed: 7 },
      { outDir: network },
    );
    warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    await ingestSubmissions(warehouse, discoverSubmissions(network), {});
    const { runId } = await computeYear(warehouse, {
      year: 2025,
      framework: DEFAULT_FRAMEWORK,
      baseline: 2025,
    });
    // The largest planted attendance change, and a school of its level with none.
    const planted = plantedChanges(network);
    const best = planted
      .filter((r) => r.kind === "attendance")
      .sort((a, b) => Number(b.size) - Number(a.size))[0]!;
    const [{ school_level }] = (await warehouse.all(
      `SELECT school_level FROM periodic_results WHERE run_id = ? AND school_code = ?
       AND measure = 'monthly_absence_rate' AND student_group = 'ALL'
       GROUP BY school_level ORDER BY max(n) DESC LIMIT 1`,
      [runId, best.school_code!],
    )) as [{ school_level: string }];
    const [unchanged] = (await warehouse.all(
      `SELECT school_code FROM periodic_results WHERE run_id = ? AND school_level = ?
       AND measure = 'monthly_absence_rate' AND school_code IN (${planted
         .filter((r) => r.kind === "none")
         .map((r) => `'${r.school_code}'`)
         .join(", ")})
       GROUP BY school_code ORDER BY school_code LIMIT 1`,
      [runId, school_level],
    )) as [{ school_code: string }];
    picked.changed = best.school_code!;
    picked.unchanged = unchanged.school_code!;
    picked.level = school_level;
    picked.start = best.start_date!;

    workspace = await openWorkspace({ dataDir: ":memory:" });
    const repos = workspaceRepositories(workspace.db);
    const hub = await repos.users.create({
      email: "hub@example.org",
      displayName: "Hub",
      passwordHash: await hashPassword(PASSWORD, TEST_SCRYPT_PARAMS),
      role: "hub_admin",
    });
    await repos.publishedRuns.publish({ runId, year: 2025, by: hub.id });
    const plan = await repos.plans.create({
      kind: "pair",
      runId,
      schoolLevel: school_level,
      groupKey: picked.changed,
      title: "Attendance pair",
      schools: [
        { schoolCode: picked.changed, schoolName: "Changed School", role: "priority" },
        { schoolCode: picked.unchanged, schoolName: "Steady School", role: "partner" },
      ],
      createdBy: hub.id,
    });
    await repos.planSections.replaceProblems(plan.id, [
      { metric: "chronic_absence", studentGroup: "ALL", statement: "Chronic absence" },
    ]);
    // The team met the month before the planted change (the plan began then) and started a
    // cycle on the planted change's first day.
    const kickoff = monthBefore(picked.start);
    picked.meeting = (
      await repos.meetings.add({
        planId: plan.id,
        heldAt: new Date(`${kickoff}T16:00:00Z`),
        title: "Kick-off",
        held: true,
        createdBy: hub.id,
      })
    ).id;
    picked.cycle = (
      await new PdsaCycleRepository(
        workspace.db,
        () => new Date(`${picked.start}T08:00:00Z`),
      ).start({
        planId: plan.id,
        schoolCode: picked.changed,
        title: "Day-2 calls",
        changeIdea: "Call families on day 2 of an absence",
        prediction: "Absence falls",
      })
    ).id;
    app = await buildApp({
      warehouse,
      workspace,
      framework: loadFramework(DEFAULT_FRAMEWORK),
      clock: () => new Date(),
      options: { scryptParams: TEST_SCRYPT_PARAMS, loginRequestsPerMinute: 1000 },
    });
    await app.ready();
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await workspace?.close();
    warehouse?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function evidence(): Promise<Evidence> {
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "hub@example.org", password: PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === "collab_session")!;
    const plans = await app.inject({
      method: "GET",
      url: "/api/plans",
      headers: { cookie: `collab_session=${cookie.value}` },
    });
    const id = plans.json().plans[0].id;
    const res = await app.inject({
      method: "GET",
      url: `/api/plans/${id}/evidence`,
      headers: { cookie: `collab_session=${cookie.value}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Evidence;
  }

  it("draws the cycle and the meeting as annotations on the plan's charts of its schools", async () => {
    const body = await evidence();
    const absence = body.charts.find(
      (c) => c.key === `${picked.changed}|monthly_absence_rate|ALL`,
    )!;
    expect(absence).toBeDefined();
    expect(absence.annotations.map((a) => [a.kind, a.ref_id, a.date])).toEqual([
      ["meeting", picked.meeting, monthBefore(picked.start)],
      ["pdsa_cycle", picked.cycle, picked.start],
    ]);
    expect(absence.annotations[1]!.label).toBe("PDSA 1: Day-2 calls");
    // The partner's charts carry the plan's events too.
    const partner = body.charts.find((c) => c.school_code === picked.unchanged)!;
    expect(partner.annotations.map((a) => a.kind)).toEqual(["meeting", "pdsa_cycle"]);
  });

  it("says in words that the changed school's absence improved since the plan began, from the planted month on", async () => {
    const body = await evidence();
    expect(body.started_on).toBe(monthBefore(picked.start));
    const absence = body.charts.find(
      (c) => c.key === `${picked.changed}|monthly_absence_rate|ALL`,
    )!;
    expect(absence.baseline_before_start).toBe(true);
    const better = absence.changes.filter((c) => c.effect === "improvement");
    expect(better.length).toBeGreaterThan(0);
    // Every improvement lies in the months from the planted change on, none before it.
    for (const c of better) expect(c.first_period >= `${picked.start.slice(0, 7)}-01`).toBe(true);
    expect(body.summary).toContain(absence.sentence);
    expect(absence.sentence).toMatch(
      new RegExp(`^${absence.title.replace(/[()÷]/g, ".")}: improved since the plan began \\(`),
    );
  });
});
