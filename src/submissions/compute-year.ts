import type { Framework } from "../domain/framework/framework-schema.ts";
import { growthStage } from "../growth/growth-stage.ts";
import { computeRun } from "../runs/compute-run.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { ComputeYear } from "./compute-jobs.ts";

/**
 * The compute a hub starts from its page: `computeRun` with growth, as `collab compute` runs it,
 * on a connection of its own to the server's warehouse (the process that owns the file).
 */
export function computeYearOn(
  warehouse: Warehouse,
  framework: Framework,
  frameworkBytes: string | Uint8Array,
  codeVersion: string,
): ComputeYear {
  return async (year, onProgress) => {
    const connection = await warehouse.connect();
    try {
      const summary = await computeRun(connection, {
        year,
        framework,
        frameworkBytes,
        codeVersion,
        growth: growthStage,
        onProgress,
      });
      return summary.runId;
    } finally {
      connection.close();
    }
  };
}
