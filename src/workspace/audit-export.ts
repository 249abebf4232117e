import { csvField } from "../results/csv-text.ts";
import type { AuditFilter, AuditLog, AuditRecord } from "./audit-log.ts";
import type { UserRepository } from "./user-repository.ts";

/** The columns of an audit entry as read by people (API, CSV export, `collab audit`), in order. */
export const AUDIT_COLUMNS = [
  "seq",
  "at",
  "user_id",
  "user_email",
  "role",
  "action",
  "resource",
  "district_code",
  "school_code",
  "student_count",
  "student_ids_hash",
  "ip",
  "outcome",
  "row_hash",
] as const;

export type AuditRow = Record<(typeof AUDIT_COLUMNS)[number], string | number | null>;

/**
 * Entries as rows of {@link AUDIT_COLUMNS}, each with its user's email (looked up once per user
 * through `emails`, which callers keep across pages).
 */
export async function auditRows(
  users: UserRepository,
  records: readonly AuditRecord[],
  emails: Map<number, string | null> = new Map(),
): Promise<AuditRow[]> {
  for (const r of records) {
    if (r.userId !== null && !emails.has(r.userId)) {
      emails.set(r.userId, (await users.findById(r.userId))?.email ?? null);
    }
  }
  return records.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    user_id: r.userId,
    user_email: r.userId === null ? null : (emails.get(r.userId) ?? null),
    role: r.role,
    action: r.action,
    resource: r.resource,
    district_code: r.districtCode,
    school_code: r.schoolCode,
    student_count: r.studentCount,
    student_ids_hash: r.studentIdsHash,
    ip: r.ip,
    outcome: r.outcome,
    row_hash: r.rowHash,
  }));
}

/** Every entry matching `filter` as CSV text (header first, newest entry next), a chunk at a time. */
export async function* auditCsv(
  log: AuditLog,
  users: UserRepository,
  filter: Omit<AuditFilter, "limit" | "beforeSeq"> = {},
): AsyncGenerator<string> {
  yield `${AUDIT_COLUMNS.join(",")}\n`;
  const emails = new Map<number, string | null>();
  let batch: AuditRecord[] = [];
  const flush = async () => {
    const rows = await auditRows(users, batch, emails);
    batch = [];
    return rows.map((r) => `${AUDIT_COLUMNS.map((c) => csvField(r[c])).join(",")}\n`).join("");
  };
  for await (const record of log.entries(filter)) {
    batch.push(record);
    if (batch.length === 1000) yield await flush();
  }
  if (batch.length > 0) yield await flush();
}
