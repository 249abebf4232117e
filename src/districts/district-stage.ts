import type { Framework } from "../domain/framework/framework-schema.ts";
import type { LoadedOverlay } from "../domain/framework/load-district-overlay.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { computeDistrictResults, writeDistrictLocalIndex } from "./compute-district-results.ts";
import {
  computeLocalMeasures,
  localWeightsSql,
  writeSchoolLocalIndex,
} from "./compute-local-measures.ts";
import { writeDistrictPeers } from "./district-peers.ts";

/**
 * The run's district stage, after the shared results are final: local measures of the overlay
 * districts, the local indexes, the district aggregates of every measure, and the suggested peer
 * districts. It reads the shared tables and writes only the district tables.
 */
export async function runDistrictStage(
  warehouse: Warehouse,
  run: { runId: string; year: number; framework: Framework },
  overlays: readonly LoadedOverlay[],
): Promise<void> {
  await computeLocalMeasures(warehouse, run, overlays);
  await writeSchoolLocalIndex(warehouse, run, overlays);
  await computeDistrictResults(warehouse, run, overlays);
  await writeDistrictLocalIndex(warehouse, run, localWeightsSql(overlays));
  await writeDistrictPeers(warehouse, run);
}
