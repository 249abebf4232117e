import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import { discloseExportRows } from "../../src/disclosure/export-tables.ts";
import { IDENTIFICATION_DDL } from "../../src/identification/identification-table.ts";
import type { TierFacts } from "../../src/identification/reason-facts.ts";
import { ensureResultTables } from "../../src/runs/result-tables.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { type SyntheticRun, syntheticRun } from "./synthetic-run.ts";

/**
 * Tier, pairing and community reasons of a computed run of the small-groups network, as the
 * public and the hub's analysts read them (the export's disclosure, the same as the API's). The
 * figures a reason may not show are found from the stored facts and from what the public is
 * served beside the reasons (its index scores), never by reading the sentences for numbers.
 */
describe("reasons decided as facts, then rendered for the reader", () => {
  let net: SyntheticRun;
  let runId: string;
  const rowsOf = (sql: string) => net.warehouse.all<Record<string, unknown>>(sql, [runId]);
  const disclose =
    (table: "identification" | "pairings" | "communities" | "index_results") =>
    async (rows: Record<string, unknown>[], suppress: boolean) =>
      discloseExportRows(
        disclosureReader(net.warehouse, net.framework),
        runId,
        table,
        rows,
        suppress,
      );

  beforeAll(async () => {
    net = await syntheticRun({
      students: 4_000,
      districts: 3,
      years: [2024, 2025],
      seed: 5,
      baseline: 2024,
    });
    runId = net.runs[2025]!;
  }, 300_000);
  afterAll(() => net?.close());

  it("stores facts and no sentence: the run's tables have no prose column, every row has facts", async () => {
    for (const table of ["identification", "pairings", "communities"]) {
      const columns = (await net.warehouse.all<{ column_name: string }>(`DESCRIBE ${table}`)).map(
        (c) => c.column_name,
      );
      expect(columns, table).toContain("facts");
      expect(columns, table).not.toContain("reason");
      const missing = await net.warehouse.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM ${table} WHERE run_id = ? AND facts IS NULL`,
        [runId],
      );
      expect(missing.n, table).toBe(0);
    }
  });

  it("the public's tier reasons quote no figure withheld from it; the hub's quote every one exactly", async () => {
    const raw = await rowsOf(
      "SELECT * REPLACE (triggers::VARCHAR AS triggers) FROM identification WHERE run_id = ? ORDER BY ALL",
    );
    const key = (r: Record<string, unknown>) => `${r.school_code}|${r.school_level}`;
    // The stored figures: each school's exact index score, and the facts' subgroup components.
    const indexes = await rowsOf("SELECT * FROM index_results WHERE run_id = ? ORDER BY ALL");
    const scoreOf = new Map(indexes.map((r) => [key(r), Number(r.index_score)]));
    const componentOf = new Map(
      raw.map((r) => [
        key(r),
        r.facts == null
          ? null
          : ((typeof r.facts === "string" ? JSON.parse(r.facts) : r.facts) as TierFacts<number>)
              .subgroupComponent,
      ]),
    );
    const scores = await disclose("index_results")(indexes, true);
    const withheld = scores.filter((s) => s.index_score_suppressed === true).map(key);
    // The network has schools whose index the public may not read exactly (a small group's cell).
    expect(withheld.length).toBeGreaterThan(0);
    const publicRows = await disclose("identification")(raw, true);
    const hubRows = await disclose("identification")(raw, false);
    const publicReason = new Map(publicRows.map((r) => [key(r), String(r.reason)]));
    let checked = 0;
    for (const w of withheld) {
      const reason = publicReason.get(w);
      if (reason === undefined) continue;
      expect(reason, w).not.toContain(`score ${scoreOf.get(w)!.toFixed(1)}`);
      const component = componentOf.get(w);
      if (component != null) expect(reason, w).not.toContain(`component ${component.toFixed(1)}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    // A cut-off is one school's exact score: a withheld one is withheld from every public reason.
    for (const r of publicRows) {
      const reason = String(r.reason);
      for (const w of withheld) {
        const score = scoreOf.get(w)!.toFixed(1);
        expect(reason, key(r)).not.toContain(`cut-off ${score}`);
        expect(reason, key(r)).not.toContain(`cut-off (${score})`);
      }
      expect(reason, key(r)).not.toMatch(/suppressed/);
    }
    const notShown = publicRows.filter((r) => String(r.reason).includes("not shown")).length;
    console.log(
      `small-groups network 2025: ${publicRows.length} tier reasons, ${withheld.length} indexes withheld from the public, ${notShown} public reasons withhold a figure, ${publicRows.filter((r) => String(r.reason).includes("cut-off not shown")).length} a cut-off`,
    );
    for (const r of hubRows) {
      const reason = String(r.reason);
      expect(reason, key(r)).not.toContain("not shown");
      if (r.tier === "none" || (r.tier === "priority" && r.meets_priority === false))
        expect(reason, key(r)).toContain(`index score ${scoreOf.get(key(r))!.toFixed(1)}`);
    }
  }, 120_000);

  it("no reason a person reads quotes a level with decimals or a measure by its id", async () => {
    const metrics = (
      await net.warehouse.all<{ metric: string }>(
        "SELECT DISTINCT metric FROM metric_results WHERE run_id = ?",
        [runId],
      )
    )
      .map((m) => m.metric)
      // An id that is also an English word ("graduation") may be read in a sentence.
      .filter((m) => m.includes("_"));
    expect(metrics).toContain("culture_climate_parent");
    const tables = {
      identification:
        "SELECT * REPLACE (triggers::VARCHAR AS triggers) FROM identification WHERE run_id = ?",
      pairings:
        "SELECT *, NULL AS proposed_partner_code, NULL AS override FROM pairings WHERE run_id = ?",
      communities:
        "SELECT *, NULL AS proposed_community_id, NULL AS override FROM communities WHERE run_id = ?",
    } as const;
    let reasons = 0;
    for (const [table, sql] of Object.entries(tables) as [keyof typeof tables, string][]) {
      const raw = await rowsOf(sql);
      for (const suppress of [true, false]) {
        for (const r of await disclose(table)(raw, suppress)) {
          const reason = String(r.reason);
          reasons++;
          expect(reason, `${table} ${r.school_code}`).not.toMatch(/\blevels? (of )?\d+\.\d/);
          for (const metric of metrics)
            expect(reason, `${table} ${r.school_code}`).not.toContain(metric);
        }
      }
    }
    expect(reasons).toBeGreaterThan(20);
  }, 120_000);
});

describe("a warehouse of an earlier version (reasons stored as sentences)", () => {
  it("opens: the sentence column is dropped, facts added, and its reasons say to recompute", async () => {
    const w = await Warehouse.open(":memory:");
    try {
      await w.run(IDENTIFICATION_DDL.replace("facts JSON", "reason VARCHAR NOT NULL"));
      await w.run(
        "INSERT INTO identification VALUES ('r1', 2024, '01000010000001', 'elementary', 'focus', false, true, '[]', 1, 0, 'new', 'Identified for targeted support (focus): … cut-off of suppressed.')",
      );
      await ensureResultTables(w);
      await ensureResultTables(w);
      const columns = (await w.all<{ column_name: string }>("DESCRIBE identification")).map(
        (c) => c.column_name,
      );
      expect(columns).toContain("facts");
      expect(columns).not.toContain("reason");
      for (const table of ["pairings", "communities"]) {
        const cols = (await w.all<{ column_name: string }>(`DESCRIBE ${table}`)).map(
          (c) => c.column_name,
        );
        expect(cols).not.toContain("reason");
      }
      const rows = await w.all<Record<string, unknown>>(
        "SELECT run_id, school_code, school_level, tier, triggers::VARCHAR AS triggers, facts FROM identification",
      );
      expect(rows).toHaveLength(1);
      const { loadFramework } = await import("../../src/domain/framework/load-framework.ts");
      const shown = await discloseExportRows(
        disclosureReader(w, loadFramework("frameworks/core-sqii.yaml")),
        "r1",
        "identification",
        rows,
        false,
      );
      expect(shown[0]!.reason).toMatch(
        /^The reason was not recorded for this run .*compute the run again/,
      );
    } finally {
      w.close();
    }
  });
});
