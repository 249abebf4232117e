import type { DistrictRepository } from "../workspace/district-repository.ts";
import type { DistrictMembership } from "./membership.ts";

/** A membership and where it came from, as `computeRun` takes it. */
export interface MembershipInput {
  readonly source: string;
  readonly districts: readonly DistrictMembership[];
}

/** No district onboarded: a membership read from the workspace would leave every school out. */
export class NoDistrictsOnboardedError extends Error {
  constructor(readonly where: string) {
    super(
      `no district is onboarded in ${where}: add them with \`collab districts add\` or compute without a membership`,
    );
    this.name = "NoDistrictsOnboardedError";
  }
}

/** The workspace's membership (`collab compute --workspace DIR`, the server's computes). */
export async function membershipFromWorkspace(
  districts: DistrictRepository,
  where: string,
): Promise<MembershipInput> {
  const list = await districts.membership();
  if (list.length === 0) throw new NoDistrictsOnboardedError(where);
  return { source: `workspace ${where}`, districts: list };
}
