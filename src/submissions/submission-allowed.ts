/** Whether a district may submit a school year, and why not. */
export interface SubmissionPermission {
  readonly allowed: boolean;
  /** Why not, in a sentence the data lead reads (empty when allowed). */
  readonly reason: string;
}

/**
 * THE place the server decides whether a submission for (district, year) is accepted at all,
 * before a byte is staged: called once, by the upload route. Today it checks the year is a school
 * year that can have data (from 2000 to next spring); the district's data-sharing agreement
 * (dates, scope, expiry: issue #18 point 2) is to be checked here too.
 */
export async function submissionAllowed(
  districtCode: string,
  year: number,
  now: Date,
): Promise<SubmissionPermission> {
  if (!/^\d{7}$/.test(districtCode))
    return { allowed: false, reason: `"${districtCode}" is not a 7-digit district code` };
  const latest = now.getUTCFullYear() + 1;
  if (!Number.isInteger(year) || year < 2000 || year > latest)
    return {
      allowed: false,
      reason: `school year ${year} is outside the years that can be submitted (2000 to ${latest})`,
    };
  return { allowed: true, reason: "" };
}
