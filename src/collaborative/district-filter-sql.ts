import { sqlStrings } from "../measures/sql-text.ts";

/**
 * SQL condition (to follow `AND`) keeping rows whose school, in column `schoolColumn`, is in one of
 * `districts`; `true` when `districts` is null (no membership: every district). A CDS school code
 * begins with its 7-digit district code (checked on ingest), so no join is needed.
 */
export function inDistrictsSql(schoolColumn: string, districts: readonly string[] | null): string {
  if (districts === null) return "true";
  if (districts.length === 0) return "false";
  return `substr(${schoolColumn}, 1, 7) IN ${sqlStrings(districts)}`;
}
