import { createHash } from "node:crypto";
import type { AuditOutcome, WorkspaceDb } from "./workspace-schema.ts";

/** The `prev_hash` of the first entry: there is nothing before it. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The advisory lock (`pg_advisory_xact_lock`) every append takes, so that two writers (two server
 * processes on one PostgreSQL) never chain to the same previous entry. Needs no privilege.
 */
export const AUDIT_CHAIN_LOCK = 0x636f6c6c6162; // "collab"

/** What an entry's hash covers: everything it says, its place in the chain, and the hash before. */
export interface ChainedEntry {
  readonly seq: number;
  readonly at: Date;
  readonly user_id: number | null;
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly district_code: string | null;
  readonly school_code: string | null;
  readonly student_count: number | null;
  readonly student_ids_hash: string | null;
  readonly ip: string | null;
  readonly outcome: AuditOutcome;
}

/**
 * SHA-256 (hex) of an entry chained to the one before: of the JSON array of `prevHash` and the
 * entry's fields in a fixed order, `at` as an ISO string (PostgreSQL keeps the milliseconds a
 * JavaScript Date has). Changing any field, or the entry before, changes it.
 */
export function auditRowHash(prevHash: string, e: ChainedEntry): string {
  const fields = [
    prevHash,
    e.seq,
    e.at.toISOString(),
    e.user_id,
    e.role,
    e.action,
    e.resource,
    e.district_code,
    e.school_code,
    e.student_count,
    e.student_ids_hash,
    e.ip,
    e.outcome,
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

/** One thing wrong with the chain, at entry `seq` (the `id` of the row found there, if any). */
export interface ChainProblem {
  readonly seq: number;
  readonly id: number | null;
  readonly problem: string;
}

/** What {@link verifyAuditChain} found. `ok` when there is no problem. */
export interface ChainReport {
  readonly ok: boolean;
  readonly entries: number;
  /** The last entry: record it elsewhere, and a later verify with `expectHead` proves no tail was cut. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly problems: readonly ChainProblem[];
}

const BATCH = 5000;

/**
 * Walks the audit log in chain order and checks every link: entries numbered 1, 2, 3… with none
 * missing (a removed entry leaves a gap, or a break if the rest were renumbered), each one's
 * `prev_hash` the hash of the entry before, and each one's `row_hash` that of its own fields (an
 * altered entry no longer matches). `expectHead` — a head recorded earlier — must still be in the
 * chain with the same hash (removing the newest entries, or the whole log, leaves no gap of its
 * own). Reports at most `maxProblems` problems (default 100).
 */
export async function verifyAuditChain(
  db: WorkspaceDb,
  options: {
    readonly expectHead?: { readonly seq: number; readonly hash: string };
    readonly maxProblems?: number;
  } = {},
): Promise<ChainReport> {
  const max = options.maxProblems ?? 100;
  const problems: ChainProblem[] = [];
  const note = (p: ChainProblem) => {
    if (problems.length < max) problems.push(p);
  };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let head: ChainReport["head"] = null;
  let after = 0;
  let sawExpected = options.expectHead === undefined;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      entries++;
      if (row.seq !== expectedSeq) {
        note({
          seq: expectedSeq,
          id: null,
          problem:
            row.seq > expectedSeq
              ? `entries ${expectedSeq}–${row.seq - 1} are missing (removed)`
              : `entry ${row.seq} appears twice`,
        });
      }
      if (row.prev_hash !== prevHash) {
        note({
          seq: row.seq,
          id: row.id,
          problem:
            "prev_hash is not the hash of the entry before (an entry before it was removed, added or altered)",
        });
      }
      const own = auditRowHash(row.prev_hash, row);
      if (own !== row.row_hash) {
        note({ seq: row.seq, id: row.id, problem: "row_hash does not match the entry (altered)" });
      }
      if (options.expectHead && row.seq === options.expectHead.seq) {
        sawExpected = true;
        if (row.row_hash !== options.expectHead.hash) {
          note({
            seq: row.seq,
            id: row.id,
            problem: "the recorded head's hash differs (rewritten)",
          });
        }
      }
      expectedSeq = row.seq + 1;
      prevHash = row.row_hash;
      head = { seq: row.seq, hash: row.row_hash };
      after = row.seq;
    }
    if (rows.length < BATCH) break;
  }
  if (!sawExpected && options.expectHead) {
    note({
      seq: options.expectHead.seq,
      id: null,
      problem: `the recorded head (entry ${options.expectHead.seq}) is gone: the log ends at ${head?.seq ?? "nothing"}`,
    });
  }
  return { ok: problems.length === 0, entries, head, problems };
}
