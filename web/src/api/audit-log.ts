import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "./api-client.ts";

/** One entry of the audit log (GET /api/audit). */
export interface AuditEntry {
  seq: number;
  at: string;
  user_id: number | null;
  user_email: string | null;
  role: string;
  action: string;
  resource: string;
  district_code: string | null;
  school_code: string | null;
  student_count: number | null;
  student_ids_hash: string | null;
  ip: string | null;
  outcome: "allowed" | "denied" | "error";
  row_hash: string;
}

/** The filters of the audit log page, as the API names them (empty: not filtered). */
export interface AuditFilters {
  outcome: string;
  school: string;
  since: string;
  until: string;
}

/** The API's query for `filters`: dates as the start of that day in UTC, `until` inclusive. */
export function auditQuery(filters: AuditFilters): Record<string, string | undefined> {
  const day = (d: string, plus = 0) =>
    d ? new Date(Date.parse(`${d}T00:00:00Z`) + plus * 86_400_000).toISOString() : undefined;
  return {
    outcome: filters.outcome || undefined,
    school: /^[0-9]{14}$/.test(filters.school) ? filters.school : undefined,
    since: day(filters.since),
    until: day(filters.until, 1),
  };
}

/** A page of the audit log, newest first, from `before` (a seq) when paging back. */
export function useAuditLog(filters: AuditFilters, before: number | undefined) {
  return useQuery({
    queryKey: ["audit", filters, before],
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: () =>
      api.get<{ entries: AuditEntry[]; next_before: number | null }>("/api/audit", {
        ...auditQuery(filters),
        before,
      }),
  });
}
