import { createHash } from "node:crypto";
import { type Selectable, sql } from "kysely";
import { AUDIT_CHAIN_LOCK, auditRowHash, GENESIS_HASH } from "./audit-chain.ts";
import { type Clock, systemClock } from "./clock.ts";
import { WorkspaceInputError } from "./workspace-errors.ts";
import type { AuditLogTable, AuditOutcome, WorkspaceDb } from "./workspace-schema.ts";

/** One access to record. Give `studentIds` for student-level reads; only their count and hash are kept. */
export interface AuditEntry {
  readonly userId: number | null;
  /** The role the access was decided under (`public` for anonymous). */
  readonly role: string;
  /** What was done, e.g. `read`, `export`. */
  readonly action: string;
  /** What it was done to, e.g. `students`, `GET /api/schools/:code/students`. */
  readonly resource: string;
  readonly districtCode?: string | null;
  readonly schoolCode?: string | null;
  readonly studentIds?: readonly string[];
  readonly ip?: string | null;
  readonly outcome: AuditOutcome;
}

export interface AuditRecord {
  readonly id: number;
  /** Place in the hash chain, from 1. */
  readonly seq: number;
  readonly at: Date;
  readonly userId: number | null;
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly districtCode: string | null;
  readonly schoolCode: string | null;
  readonly studentCount: number | null;
  readonly studentIdsHash: string | null;
  readonly ip: string | null;
  readonly outcome: AuditOutcome;
  /** SHA-256 chaining this entry to the one before (see `auditRowHash`). */
  readonly rowHash: string;
}

export interface AuditFilter {
  readonly userId?: number;
  readonly districtCode?: string;
  readonly schoolCode?: string;
  readonly outcome?: AuditOutcome;
  readonly resource?: string;
  readonly since?: Date;
  readonly until?: Date;
  /** Only entries before this place in the chain (the next page after a page ending at it). */
  readonly beforeSeq?: number;
  /** Newest first; default 100. */
  readonly limit?: number;
}

/**
 * SHA-256 (hex) of a set of student ids: sorted, de-duplicated, joined by newlines. The same set
 * always gives the same hash, so an auditor holding a list can check whether it was the one read,
 * while the log itself holds no student identifier.
 */
export function hashStudentIds(ids: readonly string[]): string {
  const unique = [...new Set(ids)].sort();
  return createHash("sha256").update(unique.join("\n")).digest("hex");
}

function toRecord(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    id: row.id,
    seq: row.seq,
    at: row.at,
    userId: row.user_id,
    role: row.role,
    action: row.action,
    resource: row.resource,
    districtCode: row.district_code,
    schoolCode: row.school_code,
    studentCount: row.student_count,
    studentIdsHash: row.student_ids_hash,
    ip: row.ip,
    outcome: row.outcome,
    rowHash: row.row_hash,
  };
}

/**
 * The append-only, hash-chained audit log of student-level access (the database refuses updates,
 * deletes and truncation; `verifyAuditChain` finds an entry removed or altered all the same).
 */
export class AuditLog {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Appends an entry chained to the newest one. Appends are serialized by an advisory lock held
   * for the transaction, so concurrent writers (several server processes) keep one chain.
   */
  async record(entry: AuditEntry): Promise<AuditRecord> {
    for (const [field, value] of [
      ["action", entry.action],
      ["resource", entry.resource],
      ["role", entry.role],
    ] as const) {
      if (value.trim() === "") throw new WorkspaceInputError(`empty audit ${field}`, field, value);
    }
    const ids = entry.studentIds;
    const fields = {
      at: this.clock(),
      user_id: entry.userId,
      role: entry.role,
      action: entry.action,
      resource: entry.resource,
      district_code: entry.districtCode ?? null,
      school_code: entry.schoolCode ?? null,
      student_count: ids ? new Set(ids).size : null,
      student_ids_hash: ids ? hashStudentIds(ids) : null,
      ip: entry.ip ?? null,
      outcome: entry.outcome,
    };
    const row = await this.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(tx);
      const last = await tx
        .selectFrom("audit_log")
        .select(["seq", "row_hash"])
        .orderBy("seq", "desc")
        .limit(1)
        .executeTakeFirst();
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.row_hash ?? GENESIS_HASH;
      return tx
        .insertInto("audit_log")
        .values({
          ...fields,
          seq,
          prev_hash: prevHash,
          row_hash: auditRowHash(prevHash, { ...fields, seq }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return toRecord(row);
  }

  /** Entries matching the filter, newest first. */
  async list(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    let q = this.db.selectFrom("audit_log").selectAll();
    if (filter.userId !== undefined) q = q.where("user_id", "=", filter.userId);
    if (filter.districtCode !== undefined) q = q.where("district_code", "=", filter.districtCode);
    if (filter.schoolCode !== undefined) q = q.where("school_code", "=", filter.schoolCode);
    if (filter.outcome !== undefined) q = q.where("outcome", "=", filter.outcome);
    if (filter.resource !== undefined) q = q.where("resource", "=", filter.resource);
    if (filter.since !== undefined) q = q.where("at", ">=", filter.since);
    if (filter.until !== undefined) q = q.where("at", "<", filter.until);
    if (filter.beforeSeq !== undefined) q = q.where("seq", "<", filter.beforeSeq);
    const rows = await q
      .orderBy("seq", "desc")
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(toRecord);
  }

  /** Every entry matching the filter (its `limit` ignored), newest first, read a page at a time. */
  async *entries(
    filter: Omit<AuditFilter, "limit" | "beforeSeq"> = {},
    pageSize = 5000,
  ): AsyncGenerator<AuditRecord> {
    let beforeSeq: number | undefined;
    for (;;) {
      const page = await this.list({
        ...filter,
        limit: pageSize,
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
      });
      yield* page;
      if (page.length < pageSize) return;
      beforeSeq = page[page.length - 1]!.seq;
    }
  }
}
