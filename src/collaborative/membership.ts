/**
 * A district's place in the collaborative:
 * - `member`: measured, sets the network's cut points, identified, paired and placed in
 *   communities;
 * - `participant` (data collaborative): measured on the members' frozen cut points and
 *   benchmarked against the network, but sets no cut point and is identified, paired and placed in
 *   communities only when it has opted in (`optedIn`);
 * - `inactive`: left out of runs.
 */
export const MEMBERSHIP_STATUSES = ["member", "participant", "inactive"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** One district's membership as a run reads it. */
export interface DistrictMembership {
  readonly districtCode: string;
  readonly status: MembershipStatus;
  /** A participant that asked to be identified and paired; ignored for members and inactive. */
  readonly optedIn: boolean;
}

/** A membership status that is not one of {@link MEMBERSHIP_STATUSES}. */
export class UnknownMembershipStatusError extends Error {
  constructor(readonly value: string) {
    super(
      `unknown membership status "${value}"; expected one of ${MEMBERSHIP_STATUSES.join(", ")}`,
    );
    this.name = "UnknownMembershipStatusError";
  }
}

/** Reads a typed membership status. */
export function parseMembershipStatus(value: string): MembershipStatus {
  const v = value.trim().toLowerCase();
  if ((MEMBERSHIP_STATUSES as readonly string[]).includes(v)) return v as MembershipStatus;
  throw new UnknownMembershipStatusError(value);
}

/** What a run does with each district's schools, from the membership. */
export interface MembershipRoles {
  /** Districts whose schools set cut points (members). */
  readonly setsCuts: readonly string[];
  /** Districts whose schools are identified, paired and placed in communities. */
  readonly identified: readonly string[];
  /** Districts whose schools are measured at all (every status but inactive). */
  readonly measured: readonly string[];
  /** Every district the membership lists. */
  readonly all: readonly string[];
}

/** The roles of a membership's districts (sorted district codes). */
export function membershipRoles(membership: readonly DistrictMembership[]): MembershipRoles {
  const codes = (keep: (d: DistrictMembership) => boolean) =>
    membership
      .filter(keep)
      .map((d) => d.districtCode)
      .sort();
  return {
    setsCuts: codes((d) => d.status === "member"),
    identified: codes((d) => d.status === "member" || (d.status === "participant" && d.optedIn)),
    measured: codes((d) => d.status !== "inactive"),
    all: codes(() => true),
  };
}
