import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Indexes for the read paths measured at issue #17's bench scale (10,000 plans, 60,000 PDSA
 * cycles; `bench/workspace-explain.ts`): the facilitation list's overdue cycles — the open
 * (undecided) cycles of a reader's plans due before today — which otherwise scan every cycle
 * (a district admin's 400 plans: 32 ms sequential scan on PostgreSQL, 0.8 ms with this index).
 */
export const readPathIndexesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create index pdsa_cycles_open_due on pdsa_cycles (plan_id, due_on)
        where decision is null`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ["drop index pdsa_cycles_open_due"]);
  },
};
