import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import { discloseExportRows } from "../../src/disclosure/export-tables.ts";
import { attack, narrowIntervals, type PublishedCell, smallRemainders } from "./lp-attack.ts";
import { type SyntheticRun, syntheticRun } from "./synthetic-run.ts";

/**
 * A network built to stress small groups: 4,000 students over 3 districts, so most schools have
 * groups of a handful of students beside groups just over min n. The public's view of both years
 * (the baseline freezes its own cut points) goes to the attacker of lp-attack.ts.
 */
describe("a network of small schools, attacked as the public sees it", () => {
  let net: SyntheticRun;
  beforeAll(async () => {
    net = await syntheticRun({
      students: 4_000,
      districts: 3,
      years: [2024, 2025],
      seed: 5,
      baseline: 2024,
    });
  }, 300_000);
  afterAll(() => net?.close());

  for (const year of [2024, 2025]) {
    it(`${year}: no small cell's count or value is narrower than the protection rule`, async () => {
      const runId = net.runs[year]!;
      const raw = await net.warehouse.all<Record<string, unknown>>(
        "SELECT * FROM metric_results WHERE run_id = ? ORDER BY ALL",
        [runId],
      );
      const shown = await discloseExportRows(
        disclosureReader(net.warehouse, net.framework),
        runId,
        "metric_results",
        raw,
        true,
      );
      const intervals = attack(
        shown as unknown as PublishedCell[],
        net.framework,
        smallRemainders(raw as never, net.framework),
      );
      const hidden = shown.filter((r) => r.suppression_reason !== null).length;
      const { narrow, toldByTotal } = narrowIntervals(
        shown as unknown as PublishedCell[],
        intervals,
      );
      console.log(
        `small-groups network ${year}: ${shown.length} cells, ${hidden} hidden, ${intervals.length} figures attacked, ${narrow.length} narrow, ${toldByTotal} told by a 0%/100% total`,
      );
      expect(intervals.length).toBeGreaterThan(200);
      expect(narrow.slice(0, 5)).toEqual([]);
    }, 300_000);
  }
});
