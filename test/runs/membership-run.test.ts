import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DistrictMembership } from "../../src/collaborative/membership.ts";
import { parseFramework } from "../../src/domain/framework/load-framework.ts";
import { growthStage } from "../../src/growth/growth-stage.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { computeRun, type RunSummary } from "../../src/runs/compute-run.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const FRAMEWORK_FILE = "frameworks/core-sqii.yaml";
const bytes = readFileSync(FRAMEWORK_FILE);
const framework = parseFramework(bytes.toString("utf8"), FRAMEWORK_FILE);

describe("computeRun(…, { membership }) on a synthetic network of 3 districts", () => {
  let dir: string;
  let warehouse: Warehouse;
  let ids = 0;
  let districts: string[] = [];
  const run = (districtsOf: readonly DistrictMembership[] | null): Promise<RunSummary> =>
    computeRun(warehouse, {
      year: 2024,
      framework,
      frameworkBytes: bytes,
      codeVersion: "test",
      baseline: 2024,
      clock: () => new Date(Date.UTC(2025, 0, 1, 0, 0, ids)),
      newRunId: (y) => `run-${y}-${++ids}`,
      growth: growthStage,
      membership: districtsOf === null ? null : { source: "test", districts: districtsOf },
    });
  const membership = (
    third: DistrictMembership["status"],
    optedIn = false,
  ): DistrictMembership[] => [
    { districtCode: districts[0]!, status: "member", optedIn: false },
    { districtCode: districts[1]!, status: "member", optedIn: false },
    { districtCode: districts[2]!, status: third, optedIn },
  ];
  const members = () => `substr(school_code, 1, 7) IN ('${districts[0]}', '${districts[1]}')`;
  const third = () => `substr(school_code, 1, 7) = '${districts[2]}'`;
  /** Cut points of a set, without its name. */
  const cuts = (set: string) =>
    warehouse.all(
      `SELECT metric, school_level, direction, method, level, lower_bound, upper_bound, baseline_schools
       FROM cut_points WHERE cut_set = '${set}' ORDER BY ALL`,
    );
  const memberLevels = (runId: string) =>
    warehouse.all(
      `SELECT school_code, school_level, metric, student_group, level FROM metric_levels
       WHERE run_id = '${runId}' AND ${members()} ORDER BY ALL`,
    );
  const memberIndex = (runId: string) =>
    warehouse.all(
      `SELECT school_code, school_level, index_score, index_level FROM index_results
       WHERE run_id = '${runId}' AND ${members()} ORDER BY ALL`,
    );
  const memberGrowth = (runId: string) =>
    warehouse.all(
      `SELECT school_code, school_level, subject, student_group, n, round(effect_shrunk, 9) AS e,
         round(growth_score, 9) AS score, level FROM growth_results
       WHERE run_id = '${runId}' AND ${members()} ORDER BY ALL`,
    );
  const memberTiers = (runId: string) =>
    warehouse.all(
      `SELECT school_code, school_level, tier, meets_priority, meets_focus FROM identification
       WHERE run_id = '${runId}' AND ${members()} ORDER BY ALL`,
    );
  const count = async (table: string, runId: string, where: string) =>
    (
      await warehouse.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM ${table} WHERE run_id = '${runId}' AND ${where}`,
      )
    ).n;

  let withoutThird: RunSummary;
  let asParticipant: RunSummary;
  let optedIn: RunSummary;
  let allMembers: RunSummary;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "membership-"));
    execFileSync(
      process.execPath,
      [
        "bin/collab.mjs",
        "synth",
        "--out",
        join(dir, "net"),
        "--students",
        "6000",
        "--districts",
        "3",
        "--years",
        "2023-2024",
        "--seed",
        "5",
      ],
      { stdio: "ignore" },
    );
    warehouse = await Warehouse.open(":memory:", { threads: 2 });
    const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(join(dir, "net")));
    expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => "accepted"));
    districts = (
      await warehouse.all<{ district_code: string }>(
        "SELECT DISTINCT district_code FROM submissions ORDER BY district_code",
      )
    ).map((r) => r.district_code);
    withoutThird = await run(membership("inactive"));
    asParticipant = await run(membership("participant"));
    optedIn = await run(membership("participant", true));
    allMembers = await run(membership("member"));
  }, 240_000);
  afterAll(() => {
    warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records the membership in the run manifest", () => {
    expect(asParticipant.manifest.membership).toEqual({
      source: "test",
      districts: [
        { district_code: districts[0], status: "member", opted_in: false },
        { district_code: districts[1], status: "member", opted_in: false },
        { district_code: districts[2], status: "participant", opted_in: false },
      ],
    });
  });

  it("leaves an inactive district's schools out of the run", async () => {
    expect(await count("metric_results", withoutThird.runId, third())).toBe(0);
    expect(await count("index_results", withoutThird.runId, third())).toBe(0);
    expect(await count("metric_results", withoutThird.runId, members())).toBeGreaterThan(0);
  });

  it("sets cut points from member districts only: a participant does not move them", async () => {
    const before = await cuts(withoutThird.cutSet);
    expect(before.length).toBeGreaterThan(0);
    expect(await cuts(asParticipant.cutSet)).toEqual(before);
    expect(await cuts(optedIn.cutSet)).toEqual(before);
    // The same district as a member does move them: the comparison can fail.
    expect(await cuts(allMembers.cutSet)).not.toEqual(before);
  });

  it("gives members the same levels, index and tiers with or without a participant", async () => {
    const levels = await memberLevels(withoutThird.runId);
    const index = await memberIndex(withoutThird.runId);
    const tiers = await memberTiers(withoutThird.runId);
    const growth = await memberGrowth(withoutThird.runId);
    expect(levels.length).toBeGreaterThan(0);
    expect(growth.length).toBeGreaterThan(0);
    expect(tiers.length).toBeGreaterThan(0);
    for (const other of [asParticipant, optedIn]) {
      expect(await memberLevels(other.runId)).toEqual(levels);
      expect(await memberIndex(other.runId)).toEqual(index);
      expect(await memberTiers(other.runId)).toEqual(tiers);
      expect(await memberGrowth(other.runId)).toEqual(growth);
    }
    expect(await memberGrowth(allMembers.runId)).not.toEqual(growth);
    expect(await memberLevels(allMembers.runId)).not.toEqual(levels);
  });

  it("measures a participant on the frozen cut points but does not identify, pair or group it", async () => {
    expect(await count("metric_levels", asParticipant.runId, third())).toBeGreaterThan(0);
    expect(await count("index_results", asParticipant.runId, third())).toBeGreaterThan(0);
    expect(await count("growth_results", asParticipant.runId, third())).toBeGreaterThan(0);
    const scratch = await warehouse.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM growth_results WHERE run_id LIKE '%~participant-growth'",
    );
    expect(scratch.n).toBe(0);
    expect(await count("identification", asParticipant.runId, third())).toBe(0);
    expect(await count("pairing_candidates", asParticipant.runId, third())).toBe(0);
    expect(
      await count(
        "pairing_candidates",
        asParticipant.runId,
        `substr(partner_code, 1, 7) = '${districts[2]}'`,
      ),
    ).toBe(0);
    expect(await count("pairings", asParticipant.runId, third())).toBe(0);
    expect(await count("communities", asParticipant.runId, third())).toBe(0);
  });

  it("identifies an opted-in participant against the members' cut-offs", async () => {
    const schools = await count("index_results", optedIn.runId, third());
    expect(schools).toBeGreaterThan(0);
    expect(await count("identification", optedIn.runId, third())).toBe(schools);
  });

  it("warns about and leaves out a district the membership does not list", async () => {
    const summary = await run(membership("member").slice(0, 2));
    expect(summary.manifest.warnings).toContain(
      `district(s) ${districts[2]} submitted 2024 but are not in the membership: left out`,
    );
    expect(await count("metric_results", summary.runId, third())).toBe(0);
  });
});
