import type { DisclosureReader } from "./disclosure-reader.ts";
import { districtRunCells } from "./district-run-cells.ts";

/** Columns that name a district cell; a hidden cell keeps only these. */
const KEYS = new Set(["run_id", "year", "district_code", "metric", "local", "student_group"]);

/**
 * Rows of `district_results` as a reader sees them. Suppressed form: local measures are left out
 * (a district's own, for its admins and the hub) and hidden cells keep only their keys, by the
 * run's district decisions ({@link districtRunCells}); otherwise the rows as computed with small
 * cells flagged. Call inside the reader's serialized read.
 */
export async function discloseDistrictRows(
  reader: DisclosureReader,
  runId: string,
  rows: Record<string, unknown>[],
  suppress: boolean,
): Promise<Record<string, unknown>[]> {
  const cells = await districtRunCells(reader, runId);
  const out: Record<string, unknown>[] = [];
  for (const r of rows) {
    if (suppress && r.local === true) continue;
    const s = cells.district(String(r.district_code), String(r.metric), String(r.student_group));
    if (!suppress) {
      const small = s.reason === "small_n";
      out.push({ ...r, suppressed: small, suppression_reason: small ? "small_n" : null });
    } else if (s.suppressed) {
      const kept = Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, KEYS.has(k) ? v : null]),
      );
      out.push({ ...kept, suppressed: true, suppression_reason: s.reason });
    } else out.push({ ...r, suppressed: false, suppression_reason: null });
  }
  return out;
}
