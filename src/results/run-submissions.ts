import type { FromSchema } from "json-schema-to-ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import { closedShape, type RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { RUN_SUBMISSION } from "./run-schema.ts";

/** A run's submission as read: its row counts still the stored JSON text. */
const SUBMISSION_ROW = closedShape({
  submission_id: { type: "string" },
  district_code: { type: "string" },
  district_name: { type: ["string", "null"] },
  year: { type: "integer" },
  sha256: { type: "string" },
  accepted_at: { type: "string" },
  replaced_at: { type: ["string", "null"] },
  row_counts: { type: ["string", "null"] },
});

export type RunSubmission = FromSchema<typeof RUN_SUBMISSION>;

const SOURCE: Record<keyof RowOf<typeof SUBMISSION_ROW>, string> = {
  submission_id: "l.submission_id",
  district_code: "l.district_code",
  district_name: "d.district_name",
  year: "l.year",
  sha256: "l.sha256",
  accepted_at: "strftime(l.accepted_at, '%Y-%m-%dT%H:%M:%SZ')",
  replaced_at: "strftime(l.replaced_at, '%Y-%m-%dT%H:%M:%SZ')",
  row_counts: "CAST(s.row_counts AS VARCHAR)",
};

/**
 * The submissions `submissionIds` (a run's manifest inputs) from the submission log, with the
 * district's name (from its schools' directory rows of that year) and, for the submission still
 * in use, its rows per file; ordered by district name, then year. Call inside the reader's
 * serialized read.
 */
export async function readRunSubmissions(
  warehouse: Warehouse,
  submissionIds: readonly string[],
): Promise<RunSubmission[]> {
  if (submissionIds.length === 0) return [];
  const rows = await readRows(
    warehouse,
    "submission_log, submissions and schools",
    SUBMISSION_ROW,
    `SELECT ${selectList(SUBMISSION_ROW, (c) => SOURCE[c])}
     FROM submission_log l
     LEFT JOIN submissions s ON s.submission_id = l.submission_id
     LEFT JOIN (SELECT district_code, year, min(district_name) AS district_name
                FROM schools GROUP BY district_code, year) d
       ON d.district_code = l.district_code AND d.year = l.year
     WHERE l.submission_id IN (${submissionIds.map(() => "?").join(", ")})
     ORDER BY d.district_name NULLS LAST, l.district_code, l.year`,
    [...submissionIds],
  );
  return rows.map((r) => ({
    ...r,
    row_counts: r.row_counts === null ? null : (JSON.parse(r.row_counts) as Record<string, number>),
  }));
}
