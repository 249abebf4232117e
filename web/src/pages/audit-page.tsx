import { useId, useState } from "react";
import { type AuditEntry, type AuditFilters, auditQuery, useAuditLog } from "../api/audit-log.ts";
import { QueryState } from "../components/query-state.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";

const COLUMNS: readonly Column<AuditEntry>[] = [
  { key: "seq", header: "#", numeric: true, render: (e) => e.seq, sortValue: (e) => e.seq },
  {
    key: "at",
    header: "When (UTC)",
    render: (e) => e.at.replace("T", " ").slice(0, 19),
    sortValue: (e) => e.at,
  },
  {
    key: "who",
    header: "Who",
    render: (e) => e.user_email ?? (e.user_id === null ? "anonymous" : `user ${e.user_id}`),
    sortValue: (e) => e.user_email,
  },
  {
    key: "role",
    header: "Role",
    render: (e) => e.role.replace("_", " "),
    sortValue: (e) => e.role,
  },
  { key: "outcome", header: "Outcome", render: (e) => e.outcome, sortValue: (e) => e.outcome },
  {
    key: "what",
    header: "What",
    render: (e) => `${e.action} ${e.resource}`,
    sortValue: (e) => e.resource,
  },
  {
    key: "where",
    header: "School / district",
    render: (e) => e.school_code ?? e.district_code ?? "—",
    sortValue: (e) => e.school_code ?? e.district_code,
  },
  {
    key: "students",
    header: "Students",
    numeric: true,
    render: (e) => e.student_count ?? "—",
    sortValue: (e) => e.student_count,
  },
];

const NO_FILTERS: AuditFilters = { outcome: "", school: "", since: "", until: "" };

/**
 * The audit log of student-level access: all of it for hub admins, their district's for district
 * admins (the server decides), newest first, filtered, a page at a time, and as a CSV download.
 */
export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [pages, setPages] = useState<number[]>([]);
  const before = pages.at(-1);
  const log = useAuditLog(filters, before);
  useDocumentTitle("Audit log");
  const ids = { outcome: useId(), school: useId(), since: useId(), until: useId() };
  const set = (key: keyof AuditFilters, value: string) => {
    setFilters({ ...filters, [key]: value });
    setPages([]);
  };
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(auditQuery(filters))) if (v !== undefined) query.set(k, v);
  const entries = log.data?.entries ?? [];
  return (
    <>
      <h1>Audit log of student-level access</h1>
      <p>
        Every request for student-level rows, allowed, refused or invalid, with who asked and how
        many students were returned (never which). Each entry is chained to the one before by a
        hash, which <code>collab audit verify</code> checks.
      </p>
      <form
        className="controls"
        aria-label="Filter the audit log"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor={ids.outcome}>Outcome</label>
          <select
            id={ids.outcome}
            value={filters.outcome}
            onChange={(e) => set("outcome", e.target.value)}
          >
            <option value="">Any outcome</option>
            <option value="allowed">Allowed</option>
            <option value="denied">Denied</option>
            <option value="error">Error</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.school}>School code</label>
          <input
            id={ids.school}
            inputMode="numeric"
            pattern="[0-9]{14}"
            value={filters.school}
            onChange={(e) => set("school", e.target.value.trim())}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.since}>From</label>
          <input
            id={ids.since}
            type="date"
            value={filters.since}
            onChange={(e) => set("since", e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.until}>To</label>
          <input
            id={ids.until}
            type="date"
            value={filters.until}
            onChange={(e) => set("until", e.target.value)}
          />
        </div>
      </form>
      <QueryState pending={log.isPending} error={log.error} what="the audit log">
        <p>
          <a href={`/api/audit/export${query.toString() ? `?${query}` : ""}`} download>
            Download every matching entry (CSV)
          </a>
        </p>
        <SortableTable
          caption={`${entries.length} entries${before ? ` before #${before}` : ""}, newest first`}
          columns={COLUMNS}
          rows={entries}
          rowKey={(e) => String(e.seq)}
          empty="No entry matches the filters."
        />
        <p className="controls">
          {pages.length > 0 ? (
            <button type="button" onClick={() => setPages(pages.slice(0, -1))}>
              Newer entries
            </button>
          ) : null}
          {log.data?.next_before ? (
            <button type="button" onClick={() => setPages([...pages, log.data!.next_before!])}>
              Older entries
            </button>
          ) : null}
        </p>
      </QueryState>
    </>
  );
}
