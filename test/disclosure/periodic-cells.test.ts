import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import { discloseExportRows } from "../../src/disclosure/export-tables.ts";
import {
  decidePeriodicCells,
  type PeriodicCellRow,
  periodicCellKey,
} from "../../src/disclosure/periodic-cells.ts";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { exportRun } from "../../src/runs/export-run.ts";
import { attack, narrowIntervals, type PublishedCell, smallRemainders } from "./lp-attack.ts";
import { type SyntheticRun, syntheticRun } from "./synthetic-run.ts";

const framework = loadFramework("frameworks/core-sqii.yaml");
const S = "01000010000001";

/** One period of chronic absence to date at S: a race group of 8 beside three larger ones. */
function period(start: string, measure = "chronic_absence_to_date"): PeriodicCellRow[] {
  return (
    [
      ["ALL", 200, 40],
      ["HI", 120, 30],
      ["AS", 8, 2],
      ["WH", 47, 5],
      ["AA", 25, 3],
      ["EL", 60, 15],
    ] as const
  ).map(([student_group, n, numerator]) => ({
    school_code: S,
    school_level: "elementary",
    measure,
    student_group,
    period_start: start,
    n,
    numerator,
    denominator: n,
  }));
}

describe("decidePeriodicCells(rows, framework)", () => {
  it("decides each period's group table as a yearly table: primary, then the smallest complement", () => {
    const decided = decidePeriodicCells(
      [...period("2024-09-01"), ...period("2024-10-01")],
      framework,
    );
    for (const start of ["2024-09-01", "2024-10-01"]) {
      const at = (g: string) =>
        decided.get(periodicCellKey(S, "elementary", "chronic_absence_to_date", start, g));
      expect(at("AS")).toEqual({ suppressed: true, reason: "small_n" });
      expect(at("AA")).toEqual({ suppressed: true, reason: "complementary" });
      for (const g of ["ALL", "HI", "WH", "EL"]) expect(at(g)?.suppressed).toBe(false);
    }
  });

  it("takes a period's table alone: a small group in one month hides nothing in another", () => {
    const october = period("2024-10-01").map((r) =>
      r.student_group === "AS" ? { ...r, n: 20 } : r.student_group === "ALL" ? { ...r, n: 212 } : r,
    );
    const decided = decidePeriodicCells([...period("2024-09-01"), ...october], framework);
    expect(
      decided.get(periodicCellKey(S, "elementary", "chronic_absence_to_date", "2024-10-01", "AA"))
        ?.suppressed,
    ).toBe(false);
  });

  it("keeps the partitions for a days-based rate, whose numerator is no count of students", () => {
    const days = period("2024-09-01", "monthly_absence_rate").map((r) => ({
      ...r,
      numerator: r.n * 2.5,
      denominator: r.n * 18,
    }));
    const decided = decidePeriodicCells(days, framework);
    const at = (g: string) =>
      decided.get(periodicCellKey(S, "elementary", "monthly_absence_rate", "2024-09-01", g));
    expect(at("AS")?.reason).toBe("small_n");
    expect(at("AA")?.reason).toBe("complementary");
  });

  it("hides only small cells when the framework turns the complementary rule off", () => {
    const off: Framework = {
      ...framework,
      suppression: { ...framework.suppression, complementary: false },
    };
    const decided = decidePeriodicCells(period("2024-09-01"), off);
    expect(
      decided.get(periodicCellKey(S, "elementary", "chronic_absence_to_date", "2024-09-01", "AA"))
        ?.suppressed,
    ).toBe(false);
  });
});

/** Periodic cells as the attacker reads them: one table per measure and period. */
function published(rows: readonly Record<string, unknown>[]): PublishedCell[] {
  return rows
    .filter((r) => r.measure === "chronic_absence_to_date")
    .map((r) => ({
      school_code: String(r.school_code),
      school_level: String(r.school_level),
      metric: `${r.measure}@${String(r.period_start).slice(0, 10)}`,
      student_group: String(r.student_group),
      n: r.n === null ? null : Number(r.n),
      numerator: r.numerator === null ? null : Number(r.numerator),
      value: r.value === null ? null : Number(r.value),
      suppression_reason: (r.suppression_reason as string | null) ?? null,
    }));
}

describe("periodic cells of a network of small schools, attacked as the public sees them", () => {
  let net: SyntheticRun;
  let raw: Record<string, unknown>[];
  beforeAll(async () => {
    net = await syntheticRun({
      students: 4_000,
      districts: 3,
      years: [2024, 2025],
      seed: 5,
      baseline: 2024,
    });
    raw = await net.warehouse.all<Record<string, unknown>>(
      `SELECT * REPLACE (strftime(period_start, '%Y-%m-%d') AS period_start)
       FROM periodic_results WHERE run_id = ? AND measure = 'chronic_absence_to_date' ORDER BY ALL`,
      [net.runs[2025]!],
    );
  }, 300_000);
  afterAll(() => net?.close());

  const attacked = async (fw: Framework) => {
    const shown = await discloseExportRows(
      disclosureReader(net.warehouse, fw),
      net.runs[2025]!,
      "periodic_results",
      raw,
      true,
    );
    const cells = published(shown);
    const intervals = attack(cells, fw, smallRemainders(published(raw) as never, fw));
    return { cells, intervals, ...narrowIntervals(cells, intervals) };
  };

  it("no small cell's count or rate is narrower than the protection rule", async () => {
    const { cells, intervals, narrow, toldByTotal } = await attacked(net.framework);
    console.log(
      `periodic chronic absence to date, 2025: ${cells.length} cells, ${cells.filter((c) => c.suppression_reason !== null).length} hidden, ${intervals.length} figures attacked, ${narrow.length} narrow, ${toldByTotal} told by a 0%/100% total`,
    );
    expect(intervals.length).toBeGreaterThan(200);
    expect(narrow.slice(0, 5)).toEqual([]);
  }, 300_000);

  it("fails without the complementary rule (the control run)", async () => {
    const off: Framework = {
      ...net.framework,
      suppression: { ...net.framework.suppression, complementary: false },
    };
    const { narrow } = await attacked(off);
    expect(narrow.length).toBeGreaterThan(0);
  }, 300_000);

  it("writes collab export's public periodic_results file with the same cells hidden as the API's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "periodic-export-"));
    try {
      await exportRun(net.warehouse, {
        run: net.runs[2025]!,
        outDir: dir,
        framework: net.framework,
      });
      const [header, ...lines] = readFileSync(join(dir, "periodic_results.csv"), "utf8")
        .trim()
        .split("\n");
      const cols = header!.split(",");
      const file = lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
      const all = await net.warehouse.one<{ n: number }>(
        "SELECT count(*) AS n FROM periodic_results WHERE run_id = ?",
        [net.runs[2025]!],
      );
      expect(file.length).toBe(Number(all.n));
      const chronic = file.filter((r) => r.measure === "chronic_absence_to_date");
      const shown = await discloseExportRows(
        disclosureReader(net.warehouse, net.framework),
        net.runs[2025]!,
        "periodic_results",
        raw,
        true,
      );
      const hiddenKey = (r: Record<string, unknown>) =>
        `${r.school_code}|${r.school_level}|${r.student_group}|${String(r.period_start).slice(0, 10)}`;
      const apiHidden = new Set(shown.filter((r) => r.suppressed === true).map(hiddenKey));
      const fileHidden = chronic.filter((r) => r.suppressed === "true");
      expect(new Set(fileHidden.map(hiddenKey))).toEqual(apiHidden);
      for (const r of fileHidden)
        expect([r.n, r.numerator, r.denominator, r.value]).toEqual(["", "", "", ""]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
