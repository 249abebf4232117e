import type { MembershipInput } from "../collaborative/membership-source.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import type { LoadedOverlay } from "../domain/framework/load-district-overlay.ts";
import { growthStage } from "../growth/growth-stage.ts";
import { computeRun } from "../runs/compute-run.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { ComputeYear } from "./compute-jobs.ts";

/** What a compute takes from beyond the warehouse, read when it starts. */
export interface ComputeInputs {
  /** The workspace's membership (null: none onboarded, every district a member). */
  readonly membership: MembershipInput | null;
  /** The districts' local measures. */
  readonly overlays: readonly LoadedOverlay[];
}

/**
 * The compute a hub starts from its page: `computeRun` with growth, the workspace's membership
 * and the districts' overlays, as `collab compute --workspace` runs it, on a connection of its
 * own to the server's warehouse (the process that owns the file).
 */
export function computeYearOn(
  warehouse: Warehouse,
  framework: Framework,
  frameworkBytes: string | Uint8Array,
  codeVersion: string,
  inputs: () => Promise<ComputeInputs> = async () => ({ membership: null, overlays: [] }),
): ComputeYear {
  return async (year, onProgress) => {
    const { membership, overlays } = await inputs();
    const connection = await warehouse.connect();
    try {
      const summary = await computeRun(connection, {
        year,
        framework,
        membership,
        overlays,
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
