import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compositeMembers, compositeRelations } from "../../src/disclosure/composite-relations.ts";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import { discloseExportRows } from "../../src/disclosure/export-tables.ts";
import { minNOf } from "../../src/disclosure/min-n.ts";
import { exportRun } from "../../src/runs/export-run.ts";
import { attack, narrowIntervals, type PublishedCell, smallRemainders } from "./lp-attack.ts";
import { type SyntheticRun, syntheticRun } from "./synthetic-run.ts";

/**
 * The audit's network (seed 21, 40,000 students, 3 districts, 2022–2025, 2025 computed with the
 * 2022 cut set), read as the public reads it: through the API's export disclosure and through
 * `collab export`. An attacker who knows how composites and growth are built must not recover a
 * hidden cell from what is shown.
 */
type Row = Record<string, unknown>;
const key = (r: Row) => `${r.school_code}|${r.school_level}|${r.metric}|${r.student_group}`;

/** A minimal CSV reader for the files `collab export` writes (quoted fields, no line breaks in them here). */
function readCsv(text: string): Row[] {
  const lines = text.trim().split("\n");
  const split = (line: string) => {
    const out: string[] = [];
    let cur = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") {
        out.push(cur);
        cur = "";
      } else cur += c;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0]!);
  return lines.slice(1).map((l) => {
    const cells = split(l);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] === "" ? null : cells[i]]));
  });
}

describe("what the public sees of the seed-21 network", () => {
  let net: SyntheticRun;
  const published: Record<number, { raw: Row[]; api: Row[]; growth: Row[]; file: Row[] }> = {};

  beforeAll(async () => {
    net = await syntheticRun({
      students: 40_000,
      districts: 3,
      years: [2022, 2025],
      seed: 21,
      baseline: 2022,
    });
    const reader = disclosureReader(net.warehouse, net.framework);
    for (const [year, runId] of Object.entries(net.runs)) {
      const raw = await net.warehouse.all<Row>(
        "SELECT * FROM metric_results WHERE run_id = ? ORDER BY ALL",
        [runId],
      );
      const api = await discloseExportRows(reader, runId, "metric_results", raw, true);
      const growthRaw = await net.warehouse.all<Row>(
        "SELECT * FROM growth_results WHERE run_id = ? ORDER BY ALL",
        [runId],
      );
      const growth = await discloseExportRows(reader, runId, "growth_results", growthRaw, true);
      const out = join(net.dir, `export-${year}`);
      await exportRun(net.warehouse, { run: runId, outDir: out, framework: net.framework });
      const file = readCsv(readFileSync(join(out, "metric_results.csv"), "utf8"));
      published[Number(year)] = { raw, api, growth, file };
    }
  }, 300_000);
  afterAll(() => net?.close());

  it("no composite beside its components gives a hidden component back (mean or count)", () => {
    let checked = 0;
    for (const year of [2022, 2025]) {
      const { raw, api } = published[year]!;
      const shown = new Map(api.map((r) => [key(r), r]));
      const rawBy = new Map(raw.map((r) => [key(r), r]));
      for (const relation of compositeRelations(net.framework)) {
        for (const composite of raw.filter((r) => r.metric === relation.composite)) {
          const at = (metric: string) =>
            rawBy.get(key({ ...composite, metric })) as
              | { n: number; value: number | null; meets_floor: boolean | null }
              | undefined;
          const members = compositeMembers(
            relation,
            relation.components.flatMap((m) => {
              const r = at(m);
              return r ? [{ ...r, metric: m }] : [];
            }),
          );
          const cells = [composite, ...members.map((m) => ({ ...composite, metric: m.metric }))];
          const hidden = cells.filter((c) => shown.get(key(c))?.value === null);
          checked++;
          // Exactly one unknown in k × composite = Σ members would be solved by subtraction.
          expect(hidden.length, `${key(composite)} ${year}`).not.toBe(1);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("the audit's two composite leaks are closed", () => {
    const { api } = published[2025]!;
    const at = (school: string, level: string, metric: string, group: string) =>
      api.find(
        (r) =>
          r.school_code === school &&
          r.school_level === level &&
          r.metric === metric &&
          r.student_group === group,
      )!;
    const school = "19610056094273";
    const staff = at(school, "elementary", "culture_climate_staff", "ALL");
    expect(staff.value).toBeNull();
    const combined = at(school, "elementary", "culture_climate", "ALL");
    const student = at(school, "elementary", "culture_climate_student", "ALL");
    // 2 × combined − student was the hidden staff value.
    expect(combined.value === null || student.value === null).toBe(true);
  });

  it("a growth row is shown only where the growth measure's cell is, and never leaves 1–19 students by subtraction", () => {
    const minN = minNOf(net.framework);
    let pairs = 0;
    for (const year of [2022, 2025]) {
      const { api, growth } = published[year]!;
      const cellShown = new Set(api.filter((r) => r.value !== null).map(key));
      const levelsOf = new Map<string, string[]>();
      for (const r of api.filter((r) => r.metric === "ela_growth" && r.student_group === "ALL")) {
        const school = String(r.school_code);
        levelsOf.set(school, [...(levelsOf.get(school) ?? []), String(r.school_level)]);
      }
      const shown = growth.filter((g) => g.effect !== null);
      for (const g of shown) {
        const metric = `${String(g.subject).toLowerCase()}_growth`;
        const levels = g.school_level
          ? [String(g.school_level)]
          : (levelsOf.get(String(g.school_code)) ?? []);
        expect(levels.length).toBeGreaterThan(0);
        for (const level of levels) {
          expect(cellShown.has(key({ ...g, school_level: level, metric })), key(g)).toBe(true);
        }
      }
      // ALL minus a shown binary group (the audit's not-SED student) is 0 or at least min n.
      for (const all of shown.filter((g) => g.student_group === "ALL")) {
        for (const g of shown.filter(
          (x) =>
            x.school_code === all.school_code &&
            x.subject === all.subject &&
            (x.school_level ?? null) === (all.school_level ?? null) &&
            ["EL", "RFEP", "SED", "SWD", "FOS", "HOM"].includes(String(x.student_group)),
        )) {
          const rest = Number(all.n) - Number(g.n);
          pairs++;
          expect(
            rest === 0 || rest >= minN(`${String(all.subject).toLowerCase()}_growth`),
            `${all.school_code} ${all.subject} ALL − ${g.student_group} = ${rest}`,
          ).toBe(true);
        }
      }
    }
    expect(pairs).toBeGreaterThan(10);
  });

  it("collab export hides every cell the API hides (it applied only the n < 20 rule)", () => {
    for (const year of [2022, 2025]) {
      const { api, file } = published[year]!;
      const hiddenByApi = new Set(api.filter((r) => r.value === null && r.n === null).map(key));
      expect(file.length).toBe(api.length);
      const complementary = api.filter((r) => r.suppression_reason === "complementary").length;
      expect(complementary).toBeGreaterThan(0);
      for (const r of file) {
        if (hiddenByApi.has(key(r))) {
          expect(r.value, key(r)).toBeNull();
          expect(r.n, key(r)).toBeNull();
          expect(r.level, key(r)).toBeNull();
        }
      }
    }
  });

  it("the attacker's LP finds no small cell narrower than the protection rule (public and other districts' staff)", () => {
    const { raw, api } = published[2025]!;
    const intervals = attack(
      api as unknown as PublishedCell[],
      net.framework,
      smallRemainders(raw as never, net.framework),
    );
    const { narrow, toldByTotal } = narrowIntervals(api as unknown as PublishedCell[], intervals);
    console.log(
      `seed 21, 2025, public: ${intervals.length} figures of small cells attacked, ${narrow.length} narrower than the rule, ${toldByTotal} told by a 0%/100% total`,
    );
    expect(intervals.length).toBeGreaterThan(1000);
    expect(narrow.slice(0, 5)).toEqual([]);
  }, 300_000);

  it("control: with complementary suppression off, the same attacker succeeds", async () => {
    const { raw } = published[2025]!;
    const off = {
      ...net.framework,
      suppression: { ...net.framework.suppression, complementary: false },
    };
    const shown = await discloseExportRows(
      disclosureReader(net.warehouse, off),
      net.runs[2025]!,
      "metric_results",
      raw,
      true,
    );
    // The first 12 school × levels are enough to show that the attack works.
    const schools = new Set(
      [...new Set(raw.map((r) => `${r.school_code}|${r.school_level}`))].slice(0, 12),
    );
    const at = (r: Row) => schools.has(`${r.school_code}|${r.school_level}`);
    const intervals = attack(
      shown.filter(at) as unknown as PublishedCell[],
      net.framework,
      smallRemainders(raw.filter(at) as never, net.framework),
    );
    const { narrow } = narrowIntervals(shown as unknown as PublishedCell[], intervals);
    console.log(
      `control (primary rule only, 12 school × levels): ${narrow.length} figures recovered`,
    );
    expect(narrow.length).toBeGreaterThan(10);
  }, 300_000);
});
