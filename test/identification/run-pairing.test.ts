import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shownPairingFacts } from "../../src/disclosure/derived-values.ts";
import { NOTHING_HIDDEN } from "../../src/disclosure/hidden-cells.ts";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { findPeers, loadRunContexts } from "../../src/identification/find-peers.ts";
import {
  addPairingOverride,
  PairingOverrideError,
} from "../../src/identification/pairing-overrides.ts";
import type { PairingFacts } from "../../src/identification/reason-facts.ts";
import { pairingReasonText } from "../../src/identification/reason-text.ts";
import { planPairing, readPairingInputs } from "../../src/identification/run-pairing.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { computeRun } from "../../src/runs/compute-run.ts";
import { exportRun } from "../../src/runs/export-run.ts";
import { findRun } from "../../src/runs/find-run.ts";
import { solveAssignment } from "../../src/stats/assignment.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { prng } from "./pairing-fixture.ts";
import { scipyAssignment, scipyAvailable } from "./scipy-assignment.ts";

const FRAMEWORK_FILE = "frameworks/core-sqii.yaml";
const bytes = readFileSync(FRAMEWORK_FILE);
const parsed = parseFramework(bytes.toString("utf8"), FRAMEWORK_FILE);
// More priority schools than the 5% rule gives a 37-school network, so that pairing has work to do.
const framework = {
  ...parsed,
  identification: {
    ...parsed.identification,
    priority: { ...parsed.identification.priority, lowest_percent: 15 },
  },
};

const hasScipy = scipyAvailable();
if (!hasScipy && process.env.CI)
  throw new Error("scipy is missing for /usr/bin/python3 (apt-get install python3-scipy)");
if (!hasScipy)
  console.warn(
    "skipping the scipy parity tests: /usr/bin/python3 has no scipy (.ci/run installs python3-scipy)",
  );

describe("the pairing stage on a synthetic network (synth + ingest + compute, 2 years)", () => {
  let dir: string;
  let warehouse: Warehouse;
  let first: string;
  let second: string;
  let ids = 0;
  const run = (year: number, extra: { baseline?: number } = {}) =>
    computeRun(warehouse, {
      year,
      framework,
      frameworkBytes: bytes,
      codeVersion: "test",
      clock: () => new Date(Date.UTC(2025, 0, 1, 0, 0, ids)),
      newRunId: (y) => `run-${y}-${++ids}`,
      ...extra,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pairing-"));
    execFileSync(
      process.execPath,
      [
        "bin/collab.mjs",
        "synth",
        "--out",
        join(dir, "net"),
        "--students",
        "20000",
        "--districts",
        "4",
        "--years",
        "2024-2025",
        "--seed",
        "7",
      ],
      { stdio: "ignore" },
    );
    warehouse = await Warehouse.open(":memory:", { threads: 2 });
    await ingestSubmissions(warehouse, discoverSubmissions(join(dir, "net")));
    first = (await run(2024, { baseline: 2024 })).runId;
    second = (await run(2025)).runId;
  }, 180_000);
  afterAll(() => {
    warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pairs every priority school with a partner-eligible school of its level, or says why not", async () => {
    const rows = await warehouse.all<{
      school_code: string;
      school_level: string;
      partner_code: string | null;
      tier: string | null;
      facts: string;
    }>(
      `SELECT p.school_code, p.school_level, p.partner_code, i.tier, p.facts::VARCHAR AS facts FROM pairings p
       LEFT JOIN identification i ON i.run_id = p.run_id AND i.school_code = p.partner_code AND i.school_level = p.school_level
       WHERE p.run_id = '${second}'`,
    );
    const priority = await warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM identification WHERE run_id = '${second}' AND tier = 'priority'`,
    );
    expect(priority.n).toBeGreaterThanOrEqual(4);
    expect(rows.length).toBe(priority.n);
    for (const r of rows) {
      const reason = pairingReasonText(
        shownPairingFacts(
          { ...r, facts: JSON.parse(r.facts) as PairingFacts<number> },
          NOTHING_HIDDEN,
        ),
        framework,
      );
      if (r.partner_code === null) expect(reason).toMatch(/^No partner: /);
      else {
        expect(r.tier).toBe("partner_eligible");
        expect(reason).toMatch(/Paired with .* km away.*most similar of \d+ partner-eligible/);
      }
    }
  });

  it.skipIf(!hasScipy)(
    "reaches the same total cost as scipy's linear_sum_assignment on the network's cost matrix",
    async () => {
      const inputs = await readPairingInputs(warehouse, {
        runId: second,
        year: 2025,
        framework,
        priorRunId: null,
      });
      for (const capacity of [1, 2]) {
        const { plan } = planPairing(inputs, {
          ...framework,
          pairing: { ...framework.pairing, partner_capacity: capacity },
        });
        expect(plan.problem.rows.length).toBeGreaterThanOrEqual(4);
        const scipy = scipyAssignment(plan.problem.cost, plan.problem.capacity);
        expect(plan.pairings.filter((p) => p.partnerCode !== null).length).toBe(scipy.count);
        expect(Math.abs(plan.assignedCost - scipy.total)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, scipy.total),
        );
      }
    },
  );

  it.skipIf(!hasScipy)(
    "the solver matches scipy on 5 random 40 × 25 problems with capacities and forbidden pairs",
    () => {
      const random = prng(3);
      for (let trial = 0; trial < 5; trial++) {
        const cost = Array.from({ length: 40 }, () =>
          Array.from({ length: 25 }, () =>
            random() < 0.3 ? Number.POSITIVE_INFINITY : random() * 10,
          ),
        );
        const capacity = Array.from({ length: 25 }, () => 1 + Math.floor(random() * 2));
        const ours = solveAssignment(cost, { capacity });
        const scipy = scipyAssignment(cost, capacity);
        expect(ours.assignedCount).toBe(scipy.count);
        expect(Math.abs(ours.totalCost - scipy.total)).toBeLessThanOrEqual(1e-9 * scipy.total);
      }
    },
  );

  it("keeps last year's pairs whose schools are both still eligible", async () => {
    const kept = await warehouse.all<{
      school_code: string;
      partner_code: string;
      was: string | null;
    }>(
      `SELECT p.school_code, p.partner_code, q.partner_code AS was FROM pairings p
       LEFT JOIN pairings q ON q.run_id = '${first}' AND q.school_code = p.school_code AND q.school_level = p.school_level
       WHERE p.run_id = '${second}' AND p.kept`,
    );
    for (const k of kept) expect(k.partner_code).toBe(k.was);
    const keepable = await warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM pairings q
       JOIN identification s ON s.run_id = '${second}' AND s.school_code = q.school_code AND s.school_level = q.school_level AND s.tier = 'priority'
       JOIN identification t ON t.run_id = '${second}' AND t.school_code = q.partner_code AND t.school_level = q.school_level AND t.tier = 'partner_eligible'
       WHERE q.run_id = '${first}'`,
    );
    expect(kept.length).toBe(keepable.n);
    expect(kept.length).toBeGreaterThan(0);
  });

  it("groups focus schools into communities of 2–4 schools of one level sharing a problem that triggered each", async () => {
    const rows = await warehouse.all<{
      community_id: string | null;
      school_level: string;
      problem: string | null;
      triggers: string;
    }>(
      `SELECT c.community_id, c.school_level, c.problem, i.triggers::VARCHAR AS triggers FROM communities c
       JOIN identification i ON i.run_id = c.run_id AND i.school_code = c.school_code AND i.school_level = c.school_level
       WHERE c.run_id = '${second}' AND i.tier = 'focus'`,
    );
    const focus = await warehouse.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM identification WHERE run_id = '${second}' AND tier = 'focus'`,
    );
    expect(rows.length).toBe(focus.n);
    const byCommunity = new Map<string, typeof rows>();
    for (const r of rows)
      if (r.community_id !== null)
        byCommunity.set(r.community_id, [...(byCommunity.get(r.community_id) ?? []), r]);
    expect(byCommunity.size).toBeGreaterThan(0);
    for (const members of byCommunity.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members.length).toBeLessThanOrEqual(4);
      // One measure; each member's own problem on it (the groups may differ).
      expect(new Set(members.map((m) => m.problem!.split(" × ")[1])).size).toBe(1);
      expect(new Set(members.map((m) => m.school_level)).size).toBe(1);
      for (const m of members) {
        const problems = (
          JSON.parse(m.triggers) as { measures: { metric: string; studentGroup: string }[] }[]
        ).flatMap((t) => t.measures.map((x) => `${x.studentGroup} × ${x.metric}`));
        expect(problems).toContain(m.problem);
      }
    }
  });

  it("applies a hub analyst's override on export with its reason, leaving the run's rows unchanged", async () => {
    const pair = await warehouse.one<{
      school_code: string;
      school_level: string;
      partner_code: string | null;
    }>(
      `SELECT school_code, school_level, partner_code FROM pairings WHERE run_id = '${second}' ORDER BY school_code LIMIT 1`,
    );
    const other = await warehouse.one<{ school_code: string }>(
      `SELECT school_code FROM identification WHERE run_id = '${second}' AND school_level = '${pair.school_level}'
         AND tier = 'partner_eligible' AND school_code <> coalesce('${pair.partner_code ?? ""}', '') ORDER BY school_code LIMIT 1`,
    );
    await expect(
      addPairingOverride(warehouse, {
        runId: second,
        kind: "pair",
        schoolCode: pair.school_code,
        target: other.school_code,
        reason: " ",
        by: "analyst",
        at: new Date(0),
      }),
    ).rejects.toThrow(PairingOverrideError);
    await expect(
      addPairingOverride(warehouse, {
        runId: second,
        kind: "pair",
        schoolCode: pair.school_code,
        target: "99999999999999",
        reason: "x",
        by: "analyst",
        at: new Date(0),
      }),
    ).rejects.toThrow(/partner "99999999999999" is not a \w+ school of run/);
    await addPairingOverride(warehouse, {
      runId: second,
      kind: "pair",
      schoolCode: pair.school_code,
      schoolLevel: pair.school_level,
      target: other.school_code,
      reason: "The principals already work together",
      by: "analyst",
      at: new Date(0),
    });
    const out = join(dir, "export");
    await exportRun(warehouse, { run: second, outDir: out, framework });
    const lines = readFileSync(join(out, "pairings.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe(
      "run_id,year,school_code,school_level,partner_code,cost,context_distance_rank,strength_gap,distance_km,reason,override",
    );
    const row = lines.find((l) => l.includes(`,${pair.school_code},`))!;
    expect(row).toContain(`,${other.school_code},`);
    expect(row).toMatch(
      /Partner set to \d+ by the hub analyst: The principals already work together \(Proposed: /,
    );
    expect(row.endsWith(",The principals already work together")).toBe(true);
    const stored = await warehouse.one<{ partner_code: string | null }>(
      `SELECT partner_code FROM pairings WHERE run_id = '${second}' AND school_code = '${pair.school_code}' AND school_level = '${pair.school_level}'`,
    );
    expect(stored.partner_code).toBe(pair.partner_code);
    const communities = readFileSync(join(out, "communities.csv"), "utf8").trim().split("\n");
    expect(communities[0]).toBe(
      "run_id,year,community_id,school_code,school_level,problem,reason,override",
    );
    expect(communities.length).toBeGreaterThan(1);
  });

  it("finds similar schools strong on a measure, nearest context first", async () => {
    const weakest = await warehouse.one<{ school_code: string; school_level: string }>(
      `SELECT school_code, school_level FROM metric_levels WHERE run_id = '${second}' AND metric = 'ela_performance'
         AND student_group = 'ALL' AND school_level = 'elementary' ORDER BY level, school_code LIMIT 1`,
    );
    const list = await findPeers(warehouse, framework, {
      run: second,
      school: weakest.school_code,
      level: "elementary",
      metric: "ela_performance",
      minLevel: 6,
    });
    expect(list.peers.length).toBeGreaterThan(0);
    for (const p of list.peers) expect(p.level).toBeGreaterThanOrEqual(6);
    const distances = list.peers.map((p) => p.contextDistance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const levels = await warehouse.all<{ school_code: string; level: number }>(
      `SELECT school_code, level FROM metric_levels WHERE run_id = '${second}' AND metric = 'ela_performance'
         AND student_group = 'ALL' AND school_level = 'elementary' AND level >= 6 AND school_code <> '${weakest.school_code}'`,
    );
    expect(list.peers.length).toBe(Math.min(10, levels.length));
    await expect(
      findPeers(warehouse, framework, {
        run: second,
        school: "00000000000000",
        metric: "ela_performance",
      }),
    ).rejects.toThrow(/school "00000000000000" has no students/);
  });

  it("finds the same peers with the run's contexts loaded once as when it reads them itself", async () => {
    const loaded = await loadRunContexts(warehouse, framework, await findRun(warehouse, second));
    const schools = await warehouse.all<{ school_code: string; school_level: string }>(
      `SELECT school_code, school_level FROM index_results WHERE run_id = '${second}' ORDER BY 1, 2`,
    );
    expect(new Set(schools.map((s) => s.school_level)).size).toBeGreaterThan(1);
    for (const metric of ["ela_performance", "chronic_absence"])
      for (const s of schools) {
        const query = { run: second, school: s.school_code, level: s.school_level, metric };
        const fresh = await findPeers(warehouse, framework, query).catch((e: Error) => e);
        const kept = await findPeers(warehouse, framework, query, loaded).catch((e: Error) => e);
        expect(kept, `${s.school_code} ${s.school_level} ${metric}`).toEqual(fresh);
      }
    await expect(
      findPeers(
        warehouse,
        framework,
        { run: first, school: "x", metric: "ela_performance" },
        loaded,
      ),
    ).rejects.toThrow(`contexts of run "${second}" given for run "${first}"`);
  });
});
