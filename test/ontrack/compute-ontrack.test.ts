import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ontrackReport } from "../../src/cli/ontrack.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { computeOntrack, type OntrackSummary } from "../../src/ontrack/compute-ontrack.ts";
import { loadLaneSettings } from "../../src/ontrack/lane-settings.ts";
import { loadOntrackDefinition } from "../../src/ontrack/load-ontrack-definition.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const CPS = loadOntrackDefinition("frameworks/ontrack/cps-freshman-on-track.yaml");
const LANES = loadLaneSettings();

let dir: string;
let w: Warehouse;
let summary: OntrackSummary;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ontrack-"));
  await generateNetwork(
    { students: 6000, districts: 2, years: [2023, 2024, 2025], seed: 5 },
    { outDir: join(dir, "network") },
  );
  w = await Warehouse.open(join(dir, "w.duckdb"), { threads: 1 });
  const outcomes = await ingestSubmissions(w, discoverSubmissions(join(dir, "network")), {});
  expect(outcomes.filter((o) => o.status !== "accepted")).toEqual([]);
  summary = await computeOntrack(w, { year: 2025, definition: CPS, lanes: LANES });
}, 240_000);
afterAll(() => {
  w?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("computeOntrack on a generated network", () => {
  it("follows every 9th grader per grading period and counts those on track", async () => {
    const ninth = await w.one<{ n: number }>(
      "SELECT count(DISTINCT (district_code, student_id)) AS n FROM enrollments WHERE year = 2025 AND grade = 9",
    );
    expect(summary.periods.map((p) => p.term)).toEqual(["S1", "S2"]);
    for (const p of summary.periods) {
      expect(p.students).toBeGreaterThan(0.9 * Number(ninth.n));
      expect(p.students).toBeLessThanOrEqual(Number(ninth.n));
      expect(p.onTrack).not.toBeNull();
      const onTrack = await w.one<{ n: number }>(
        "SELECT count(*) AS n FROM ontrack_students WHERE year = 2025 AND term = ? AND on_track",
        [p.term],
      );
      expect(p.onTrack).toBe(Number(onTrack.n));
    }
  });

  it("places each incoming 9th grader in one lane at the start and again after S1, and counts movement", async () => {
    expect(summary.model?.n).toBeGreaterThan(300);
    expect(summary.heldOut?.auc).toBeGreaterThan(0.7);
    const lanes = await w.all<{ term: string; n: number; students: number }>(
      `SELECT term, count(*)::INTEGER AS n, count(DISTINCT student_id)::INTEGER AS students
       FROM ontrack_lanes WHERE year = 2025 GROUP BY term ORDER BY term`,
    );
    expect(lanes.map((l) => l.term)).toEqual(["S1", "START"]);
    for (const l of lanes) expect(l.n).toBe(l.students);
    const m = summary.movement!;
    const moved = await w.one<{ up: number; down: number }>(
      `SELECT count(*) FILTER (WHERE b.lane_rank < a.lane_rank)::INTEGER AS up,
         count(*) FILTER (WHERE b.lane_rank > a.lane_rank)::INTEGER AS down
       FROM ontrack_lanes a JOIN ontrack_lanes b USING (year, definition_id, definition_version, district_code, student_id)
       WHERE a.term = 'START' AND b.term = 'S1'`,
    );
    expect([m.movedUp, m.movedDown]).toEqual([Number(moved.up), Number(moved.down)]);
    expect(m.movementRate).toBeCloseTo(m.movedUp / m.students, 12);
    const report = ontrackReport(summary);
    expect(report).toContain(`movement rate: ${((100 * m.movedUp) / m.students).toFixed(1)}%`);
    expect(report).toContain(`AUC ${summary.heldOut!.auc.toFixed(3)}`);
  });
});
