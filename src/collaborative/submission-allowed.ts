import type { MembershipStatus } from "./membership.ts";

/** A district's data-sharing agreement: when it is in force and what it covers. */
export interface DataAgreement {
  /** `YYYY-MM-DD` dates. */
  readonly signedOn: string;
  readonly startsOn: string;
  /** Expiry: the last day data may be accepted under it. */
  readonly endsOn: string;
  /** School years (spring) covered, inclusive. */
  readonly firstYear: number;
  readonly lastYear: number;
  /** Input tables covered; empty means every table of the input format. */
  readonly dataKinds: readonly string[];
}

/** What {@link submissionAllowed} needs of a district. */
export interface SubmittingDistrict {
  readonly code: string;
  readonly status: MembershipStatus;
  /** The agreement in force (the latest recorded), or null when none was recorded. */
  readonly agreement: DataAgreement | null;
}

/** Whether a submission may be accepted, and when not, why (a sentence naming the values). */
export type SubmissionDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string };

/**
 * Whether district `district` may submit school year `schoolYear` on `today` (`YYYY-MM-DD`):
 * the district must be onboarded (not null) and not inactive, with a recorded agreement in force
 * on `today` (from its start to its expiry, both included) whose school years include
 * `schoolYear` and whose data kinds include every table in `tables` (when given). Pure: the
 * CLI's ingest and the browser upload both ask it before loading anything.
 */
export function submissionAllowed(
  district: SubmittingDistrict | null,
  schoolYear: number,
  today: string,
  tables: readonly string[] = [],
  code = district?.code ?? "(unknown)",
): SubmissionDecision {
  if (district === null)
    return { allowed: false, reason: `district ${code} is not onboarded in the collaborative` };
  if (district.status === "inactive")
    return { allowed: false, reason: `district ${district.code} is inactive` };
  const a = district.agreement;
  if (a === null)
    return {
      allowed: false,
      reason: `district ${district.code} has no data-sharing agreement on record`,
    };
  if (today < a.startsOn)
    return {
      allowed: false,
      reason: `district ${district.code}'s data-sharing agreement starts on ${a.startsOn} (today is ${today})`,
    };
  if (today > a.endsOn)
    return {
      allowed: false,
      reason: `district ${district.code}'s data-sharing agreement expired on ${a.endsOn} (today is ${today})`,
    };
  if (schoolYear < a.firstYear || schoolYear > a.lastYear)
    return {
      allowed: false,
      reason: `school year ${schoolYear} is outside district ${district.code}'s data-sharing agreement (school years ${a.firstYear}-${a.lastYear})`,
    };
  if (a.dataKinds.length > 0) {
    const outside = tables.filter((t) => !a.dataKinds.includes(t));
    if (outside.length > 0)
      return {
        allowed: false,
        reason: `${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} outside district ${district.code}'s data-sharing agreement (data kinds ${a.dataKinds.join(", ")})`,
      };
  }
  return { allowed: true };
}
