import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  laneKeySql,
  laneRankSql,
  laneSettingsSchema,
  loadLaneSettings,
} from "../../src/ontrack/lane-settings.ts";
import { laneMovement } from "../../src/ontrack/network-metrics.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const LANES = loadLaneSettings();
let w: Warehouse;
beforeAll(async () => {
  w = await Warehouse.open(":memory:", { threads: 1 });
});
afterAll(() => w?.close());

describe("lanes", () => {
  it("places a probability in the first lane whose lower bound it reaches (bounds inclusive)", async () => {
    const rows = await w.all<{ p: number; lane: string }>(
      `SELECT p, ${laneKeySql(LANES, laneRankSql(LANES, "p"))} AS lane
       FROM (VALUES (0.95), (0.9), (0.8999), (0.75), (0.5), (0.4999), (0.25), (0.1), (0.0)) t(p) ORDER BY p DESC`,
    );
    expect(rows.map((r) => r.lane)).toEqual([
      "competitive",
      "competitive",
      "promising",
      "promising",
      "potential",
      "vulnerable",
      "vulnerable",
      "highly_vulnerable",
      "highly_vulnerable",
    ]);
  });

  it("refuses lanes out of order or a last lane that leaves students without one", () => {
    const lanes = (bounds: number[]) => ({
      id: "x",
      version: 1,
      lanes: bounds.map((b, i) => ({
        key: `l${"abcde"[i]}`.replace(/[^a-z]/g, ""),
        label: `L${i}`,
        min_probability: b,
        vulnerable: false,
      })),
    });
    expect(laneSettingsSchema.safeParse(lanes([0.9, 0.5, 0])).success).toBe(true);
    expect(laneSettingsSchema.safeParse(lanes([0.5, 0.9, 0])).success).toBe(false);
    expect(laneSettingsSchema.safeParse(lanes([0.9, 0.5, 0.1])).success).toBe(false);
  });
});

describe("laneMovement on a hand-built cohort", () => {
  it("counts the vulnerable lanes at the start and now, and the movement rate", async () => {
    // Ranks: 1 competitive … 4 vulnerable, 5 highly vulnerable.
    // s1 5→3 up, s2 4→4 stays, s3 4→2 up, s4 2→4 down, s5 1→1, s6 5→4 up (still vulnerable),
    // s7 3→(left: no lane now) not counted, s8 3→3.
    const m = await laneMovement(
      w,
      LANES,
      `(VALUES ('s1', 5, 3), ('s2', 4, 4), ('s3', 4, 2), ('s4', 2, 4), ('s5', 1, 1), ('s6', 5, 4),
         ('s7', 3, NULL), ('s8', 3, 3)) AS t(student, start_rank, now_rank)`,
    );
    expect(m).toEqual({
      students: 7,
      vulnerableAtStart: 4, // s1, s2, s3, s6
      vulnerableNow: 3, // s2, s4, s6
      movedUp: 3, // s1, s3, s6
      movedDown: 1, // s4
      movementRate: 3 / 7,
    });
  });
});
