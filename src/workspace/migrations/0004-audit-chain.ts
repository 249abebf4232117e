import { type Kysely, type Migration, sql } from "kysely";
import { auditRowHash, type ChainedEntry, GENESIS_HASH } from "../audit-chain.ts";
import { runStatements } from "./run-statements.ts";

/**
 * Makes the audit log tamper-evident: each entry gets its place (`seq`, 1, 2, 3…), the hash of the
 * entry before (`prev_hash`) and its own hash over both and its fields (`row_hash`); entries
 * already there are chained in id order. TRUNCATE is refused like UPDATE and DELETE.
 */
export const auditChainMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      "alter table audit_log add column seq integer, add column prev_hash text, add column row_hash text",
    ]);
    const rows = await sql<ChainedEntry & { id: number }>`
      select * from audit_log order by id`.execute(db);
    if (rows.rows.length > 0) {
      // The append-only trigger refuses this one rewrite too; the migration runs as the owner.
      await runStatements(db, ["alter table audit_log disable trigger audit_log_append_only"]);
      let prev = GENESIS_HASH;
      let seq = 0;
      for (const row of rows.rows) {
        seq++;
        const hash = auditRowHash(prev, { ...row, seq });
        await sql`update audit_log set seq = ${seq}, prev_hash = ${prev}, row_hash = ${hash}
          where id = ${row.id}`.execute(db);
        prev = hash;
      }
      await runStatements(db, ["alter table audit_log enable trigger audit_log_append_only"]);
    }
    await runStatements(db, [
      `alter table audit_log
        alter column seq set not null,
        alter column prev_hash set not null,
        alter column row_hash set not null,
        add constraint audit_log_seq_positive check (seq >= 1),
        add constraint audit_log_hashes check (prev_hash ~ '^[0-9a-f]{64}$' and row_hash ~ '^[0-9a-f]{64}$')`,
      "create unique index audit_log_seq on audit_log (seq)",
      "create index audit_log_school_at on audit_log (school_code, at)",
      `create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function audit_log_refuse_change()`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, [
      "drop trigger audit_log_no_truncate on audit_log",
      "drop index audit_log_school_at",
      "drop index audit_log_seq",
      `alter table audit_log drop constraint audit_log_hashes, drop constraint audit_log_seq_positive,
        drop column row_hash, drop column prev_hash, drop column seq`,
    ]);
  },
};
