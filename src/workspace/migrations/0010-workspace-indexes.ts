import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Indexes for the improvement workspace at network scale (issue #17's bench: 10,000 plans):
 * the workspace list of a run without a group (the hub's and a district's), read in creation
 * order; the open plans of a facilitator (their facilitation list skips closed plans); and the
 * `on delete set null` of a PDSA cycle's ramp, which otherwise scans every cycle to find the
 * cycles chained to the one deleted.
 */
export const workspaceIndexesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      "create index plans_run_created on plans (run_id, created_at, id)",
      "create index plans_facilitator_status on plans (facilitator_id, status)",
      "drop index plans_facilitator",
      `create index pdsa_cycles_parent on pdsa_cycles (parent_cycle_id)
        where parent_cycle_id is not null`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, [
      "drop index pdsa_cycles_parent",
      "create index plans_facilitator on plans (facilitator_id)",
      "drop index plans_facilitator_status",
      "drop index plans_run_created",
    ]);
  },
};
