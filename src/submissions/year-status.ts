import type { Warehouse } from "../warehouse/warehouse.ts";
import type { BrowserSubmission } from "./browser-submission.ts";

/**
 * A district's state for a school year: `accepted` (a submission is loaded, from the browser or
 * `collab ingest`), `in_progress` (one is being validated), `rejected` (its latest was rejected
 * and none is loaded), `missing` (nothing sent).
 */
export interface DistrictYearStatus {
  readonly districtCode: string;
  readonly districtName: string | null;
  readonly status: "accepted" | "in_progress" | "rejected" | "missing";
  /** When the loaded submission was accepted. */
  readonly acceptedAt: string | null;
  /** The latest browser submission's id and time, if any. */
  readonly latestSubmission: {
    readonly id: string;
    readonly at: string;
    readonly status: string;
  } | null;
}

/** Every district's status for a year and whether the year is complete (all accepted). */
export interface YearStatus {
  readonly year: number;
  readonly districts: readonly DistrictYearStatus[];
  readonly complete: boolean;
}

/**
 * The network's districts (every district with a submission in the warehouse, any year, a
 * browser submission, or one of `expected`: those with a data lead's account) and where each
 * stands for `year`. `browser` is the year's browser submissions, newest first.
 */
export async function yearStatus(
  warehouse: Warehouse,
  year: number,
  browser: readonly BrowserSubmission[],
  expected: readonly string[] = [],
): Promise<YearStatus> {
  const known = await warehouse.all<{ district_code: string; name: string | null }>(
    `SELECT s.district_code, any_value(sc.district_name) AS name
     FROM (SELECT DISTINCT district_code FROM submissions) s
     LEFT JOIN schools sc USING (district_code)
     GROUP BY s.district_code`,
  );
  const accepted = new Map(
    (
      await warehouse.all<{ district_code: string; accepted_at: string }>(
        "SELECT district_code, CAST(accepted_at AS VARCHAR) AS accepted_at FROM submissions WHERE year = ?",
        [year],
      )
    ).map((r) => [r.district_code, r.accepted_at]),
  );
  const names = new Map(known.map((k) => [k.district_code, k.name]));
  for (const code of [...expected, ...browser.map((s) => s.districtCode)])
    if (!names.has(code)) names.set(code, null);
  const districts = [...names.keys()].sort().map((code): DistrictYearStatus => {
    const latest = browser.find((s) => s.districtCode === code) ?? null;
    const acceptedAt = accepted.get(code) ?? null;
    const status =
      latest && (latest.status === "queued" || latest.status === "validating")
        ? "in_progress"
        : acceptedAt !== null
          ? "accepted"
          : latest
            ? "rejected"
            : "missing";
    return {
      districtCode: code,
      districtName: names.get(code) ?? null,
      status,
      acceptedAt,
      latestSubmission: latest
        ? { id: latest.id, at: latest.submittedAt.toISOString(), status: latest.status }
        : null,
    };
  });
  return {
    year,
    districts,
    complete: districts.length > 0 && districts.every((d) => d.status === "accepted"),
  };
}
