import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
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
}

export interface AuditFilter {
  readonly userId?: number;
  readonly districtCode?: string;
  readonly since?: Date;
  readonly until?: Date;
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
  };
}

/** The append-only audit log of student-level access (the database refuses updates and deletes). */
export class AuditLog {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async record(entry: AuditEntry): Promise<AuditRecord> {
    for (const [field, value] of [
      ["action", entry.action],
      ["resource", entry.resource],
      ["role", entry.role],
    ] as const) {
      if (value.trim() === "") throw new WorkspaceInputError(`empty audit ${field}`, field, value);
    }
    const ids = entry.studentIds;
    const row = await this.db
      .insertInto("audit_log")
      .values({
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
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** Entries matching the filter, newest first. */
  async list(filter: AuditFilter = {}): Promise<AuditRecord[]> {
    let q = this.db.selectFrom("audit_log").selectAll();
    if (filter.userId !== undefined) q = q.where("user_id", "=", filter.userId);
    if (filter.districtCode !== undefined) q = q.where("district_code", "=", filter.districtCode);
    if (filter.since !== undefined) q = q.where("at", ">=", filter.since);
    if (filter.until !== undefined) q = q.where("at", "<", filter.until);
    const rows = await q
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(toRecord);
  }
}
