/** Whether a district may submit a school year, and why not. */
export interface SubmissionPermission {
  readonly allowed: boolean;
  /** Why not, in a sentence the data lead reads (empty when allowed). */
  readonly reason: string;
}

/**
 * Whether (district, year) has the shape of a submission at all, before a byte is staged: a
 * 7-digit district and a school year that can have data (from 2000 to next spring). The upload
 * route then asks the district's data-sharing agreement (`DistrictRepository.submissionAllowed`:
 * onboarded, not inactive, in force, the year in scope), and the submission desk asks it again
 * with the staged files' tables before anything is validated.
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
