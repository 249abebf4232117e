import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import { loadHiddenCells } from "../../src/disclosure/load-hidden-cells.ts";
import { runCells } from "../../src/disclosure/run-cells.ts";
import { shownCommunities, shownPairings } from "../../src/disclosure/shown-pairings.ts";
import { withheldIndexes } from "../../src/disclosure/withheld-indexes.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { readOverrides } from "../../src/identification/pairing-override-rows.ts";
import { effectivePairs } from "../../src/identification/pairing-overrides.ts";
import {
  COMMUNITIES_DDL,
  PAIRING_CANDIDATES_DDL,
  PAIRING_OVERRIDES_DDL,
  PAIRINGS_DDL,
} from "../../src/identification/pairing-tables.ts";
import { readSchoolContexts, SCHOOL_CONTEXT_DDL } from "../../src/identification/school-context.ts";
import { INDEX_COMPONENTS_DDL, INDEX_RESULTS_DDL } from "../../src/levels/index-tables.ts";
import { METRIC_RESULTS_DDL } from "../../src/measures/metric-results.ts";
import {
  readEffectiveCommunities,
  readEffectivePairings,
} from "../../src/results/effective-pairing-rows.ts";
import { readExportRows, streamExportRows } from "../../src/results/export-rows.ts";
import { readTierRows } from "../../src/results/tier-rows.ts";
import { explainSchool } from "../../src/runs/explain-school.ts";
import { findRun, latestRunOf } from "../../src/runs/find-run.ts";
import { RUNS_DDL } from "../../src/runs/runs-table.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const SCHOOL = "01000010000001";
const RUN = "r1";
const framework = loadFramework("frameworks/core-sqii.yaml");

/**
 * Each result table read by disclosure, identification, the runs and the routes is read through
 * its declared row shape: a column of another type fails the read naming table, row and column
 * (a cast would have passed the value on as if it were of its type).
 */
describe("checked reads of the result tables", () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await Warehouse.open(":memory:");
  });
  afterEach(() => warehouse.close());

  it("disclosure's group cells (metric_results)", async () => {
    await warehouse.run(METRIC_RESULTS_DDL);
    await warehouse.run(
      `INSERT INTO metric_results VALUES ('${RUN}', 2024, '${SCHOOL}', 'elementary', 'chronic_absence', 'ALL', 31, 4, 12.9, false, NULL, NULL)`,
    );
    const decided = await runCells(disclosureReader(warehouse, framework), RUN);
    expect(decided.decisions.size).toBe(1);
    await warehouse.run("ALTER TABLE metric_results ALTER COLUMN value TYPE VARCHAR");
    await expect(runCells(disclosureReader(warehouse, framework), RUN)).rejects.toThrow(
      'metric_results row 1: column "value" holds "12.9" (string), declared number or null',
    );
  });

  it("disclosure's index inputs (index_group_levels) and withheld figures (index_results)", async () => {
    await warehouse.run(METRIC_RESULTS_DDL);
    await warehouse.run(INDEX_COMPONENTS_DDL);
    await warehouse.run(
      "CREATE TABLE index_group_levels (run_id VARCHAR, school_code VARCHAR, school_level VARCHAR, metric VARCHAR, component_group VARCHAR, student_group INTEGER, level INTEGER)",
    );
    await warehouse.run(
      `INSERT INTO index_group_levels VALUES ('${RUN}', '${SCHOOL}', 'elementary', 'chronic_absence', 'LOWEST_RACE', 7, 3)`,
    );
    await warehouse.run(INDEX_RESULTS_DDL.replace("index_score DOUBLE", "index_score VARCHAR"));
    const table = { schoolCode: SCHOOL, schoolLevel: "elementary", metric: "chronic_absence" };
    await expect(
      loadHiddenCells(disclosureReader(warehouse, framework), RUN, [table], () => false),
    ).rejects.toThrow(
      'index_group_levels row 1: column "student_group" holds 7 (number), declared string',
    );
    await warehouse.run("DELETE FROM index_group_levels");
    await warehouse.run(
      `INSERT INTO index_results VALUES ('${RUN}', 2024, '${SCHOOL}', 'elementary', '71.5', 4, 5)`,
    );
    await expect(withheldIndexes(disclosureReader(warehouse, framework), RUN)).rejects.toThrow(
      'index_results row 1: column "index_score" holds "71.5" (string), declared number or null',
    );
  });

  it("disclosure's community members (communities) and candidate pairs (pairing_candidates)", async () => {
    await warehouse.run(
      "CREATE TABLE communities (run_id VARCHAR, community_id VARCHAR, school_code VARCHAR, school_level VARCHAR, problem VARCHAR, problem_level VARCHAR)",
    );
    await warehouse.run(
      `INSERT INTO communities VALUES ('${RUN}', 'c1', '${SCHOOL}', 'elementary', 'ALL × chronic_absence', '2')`,
    );
    const ctx = disclosureReader(warehouse, framework);
    await expect(shownCommunities(ctx, RUN, [], () => true)).rejects.toThrow(
      'communities row 1: column "problem_level" holds "2" (string), declared number or null',
    );
    await warehouse.run(
      "CREATE TABLE pairing_candidates (run_id VARCHAR, school_code VARCHAR, school_level VARCHAR, partner_code BIGINT, strengths JSON)",
    );
    await warehouse.run(
      `INSERT INTO pairing_candidates VALUES ('${RUN}', '${SCHOOL}', 'elementary', 1000010000002, '[]')`,
    );
    await expect(shownPairings(ctx, RUN, [], () => true)).rejects.toThrow(
      'pairing_candidates row 1: column "partner_code" holds 1000010000002 (number), declared string',
    );
  });

  it("identification's school contexts (school_context)", async () => {
    await warehouse.run(SCHOOL_CONTEXT_DDL.replace("enrollment INTEGER", "enrollment VARCHAR"));
    await warehouse.run(
      `INSERT INTO school_context VALUES ('${RUN}', 2024, '${SCHOOL}', 'elementary', 'Alpha', '0100001', 37.5, -122.1, '40', [0.1, 0.2])`,
    );
    await expect(readSchoolContexts(warehouse, RUN)).rejects.toThrow(
      'school_context row 1: column "enrollment" holds "40" (string), declared integer',
    );
  });

  it("the runs (runs), a school's explanation (index_results) and the tiers (identification)", async () => {
    await warehouse.run(RUNS_DDL);
    await warehouse.run(
      `INSERT INTO runs VALUES ('${RUN}', 2024, 'f', 'F', 'h', 'c', '2025-01-01 00:00:00', 'v', '{}', 'complete')`,
    );
    expect((await findRun(warehouse, "latest")).run_id).toBe(RUN);
    expect(await latestRunOf(warehouse, 2024, "h")).toBe(RUN);
    await warehouse.run(INDEX_RESULTS_DDL);
    await warehouse.run(
      `CREATE TABLE identification (run_id VARCHAR, school_code VARCHAR, school_level VARCHAR, tier INTEGER, facts JSON, exit_status VARCHAR, years_in_tier VARCHAR, triggers JSON)`,
    );
    await warehouse.run(
      `INSERT INTO index_results VALUES ('${RUN}', 2024, '${SCHOOL}', 'elementary', 71.5, 4, 5)`,
    );
    await warehouse.run(
      `INSERT INTO identification VALUES ('${RUN}', '${SCHOOL}', 'elementary', 7, NULL, NULL, '2', '[]')`,
    );
    await expect(explainSchool(warehouse, { run: RUN, school: SCHOOL, framework })).rejects.toThrow(
      'index_results row 1: column "tier" holds 7 (number), declared string or null',
    );
    await warehouse.run("ALTER TABLE identification ALTER COLUMN tier TYPE VARCHAR");
    await expect(readTierRows(warehouse, RUN, {})).rejects.toThrow(
      'identification row 1: column "years_in_tier" holds "2" (string), declared integer',
    );
    await warehouse.run("ALTER TABLE runs ALTER COLUMN year TYPE VARCHAR");
    await expect(findRun(warehouse, RUN)).rejects.toThrow(
      'runs row 1: column "year" holds "2024" (string), declared integer',
    );
  });

  it("the hub analyst's overrides (pairing_overrides)", async () => {
    await warehouse.run(PAIRING_OVERRIDES_DDL.replace("seq INTEGER", "seq VARCHAR"));
    await warehouse.run(
      `INSERT INTO pairing_overrides VALUES ('${RUN}', 'pair', '${SCHOOL}', 'elementary', NULL, 'why', 'a@b', '2025-01-01 00:00:00', '1')`,
    );
    await expect(readOverrides(warehouse, RUN)).rejects.toThrow(
      'pairing_overrides row 1: column "seq" holds "1" (string), declared integer',
    );
  });

  it("the pairings and communities as they stand (pairings, communities, overrides applied)", async () => {
    await warehouse.run(PAIRING_OVERRIDES_DDL);
    await warehouse.run(SCHOOL_CONTEXT_DDL);
    await warehouse.run(PAIRING_CANDIDATES_DDL);
    await warehouse.run(PAIRINGS_DDL.replace("year INTEGER", "year VARCHAR"));
    await warehouse.run(
      `INSERT INTO pairings VALUES ('${RUN}', '2024', '${SCHOOL}', 'elementary', NULL, NULL, NULL, NULL, NULL, NULL, false, NULL)`,
    );
    expect(await readEffectiveCommunities(warehouse, RUN)).toBeNull();
    await expect(readEffectivePairings(warehouse, RUN)).rejects.toThrow(
      'pairings row 1: column "year" holds "2024" (string), declared integer',
    );
    await warehouse.run(COMMUNITIES_DDL.replace("problem_level INTEGER", "problem_level DOUBLE"));
    await warehouse.run(
      `INSERT INTO communities VALUES ('${RUN}', 2024, 'c1', '${SCHOOL}', 'elementary', '0100001', 'ALL × chronic_absence', 2.5, NULL)`,
    );
    await expect(readEffectiveCommunities(warehouse, RUN)).rejects.toThrow(
      'communities row 1: column "problem_level" holds 2.5 (number), declared integer or null',
    );
  });

  it("the pairs after overrides (pairings)", async () => {
    await warehouse.run(PAIRING_OVERRIDES_DDL.replace("target VARCHAR", "target BIGINT"));
    await warehouse.run(PAIRINGS_DDL.replace("partner_code VARCHAR", "partner_code BIGINT"));
    await warehouse.run(
      `INSERT INTO pairings VALUES ('${RUN}', 2024, '${SCHOOL}', 'elementary', 1000010000002, NULL, NULL, NULL, NULL, NULL, false, NULL)`,
    );
    await expect(effectivePairs(warehouse, RUN)).rejects.toThrow(
      'pairings row 1: column "partner_code" holds 1000010000002 (number), declared string or null',
    );
  });

  it("the exports' tables (SELECT *), read whole or batch by batch, rows numbered over the whole read", async () => {
    await warehouse.run(
      METRIC_RESULTS_DDL.replace("participation DOUBLE", "participation VARCHAR"),
    );
    await warehouse.run(
      `INSERT INTO metric_results VALUES
        ('${RUN}', 2024, '${SCHOOL}', 'elementary', 'chronic_absence', 'ALL', 31, 4, 12.9, false, NULL, NULL),
        ('${RUN}', 2024, '${SCHOOL}', 'elementary', 'chronic_absence', 'EL', 20, 2, 10, false, '0.5', NULL)`,
    );
    await expect(readExportRows(warehouse, RUN, "metric_results")).rejects.toThrow(
      'metric_results row 2: column "participation" holds "0.5" (string), declared number or null',
    );
    const batches: number[] = [];
    const read = async () => {
      for await (const rows of streamExportRows(warehouse, RUN, "metric_results", undefined, {
        rows: 1,
      }))
        batches.push(rows.length);
    };
    await expect(read()).rejects.toThrow(
      'metric_results row 2: column "participation" holds "0.5" (string), declared number or null',
    );
    expect(batches).toEqual([1]);
    await warehouse.run("UPDATE metric_results SET participation = NULL");
    expect(await readExportRows(warehouse, RUN, "metric_results")).toHaveLength(2);
  });
});
