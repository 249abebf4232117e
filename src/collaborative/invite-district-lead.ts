import { inviteAccount, type SentInvitation } from "../accounts/invite-account.ts";
import type { ScryptParams } from "../accounts/password-hash.ts";
import type { WorkspaceRepositories } from "../workspace/workspace-repositories.ts";

/** The two people the hub invites when it onboards a district. */
export const DISTRICT_LEADS = ["data_lead", "superintendent"] as const;
export type DistrictLead = (typeof DISTRICT_LEADS)[number];

/** The district is not onboarded, or is inactive. */
export class DistrictNotInvitableError extends Error {
  constructor(
    readonly districtCode: string,
    why: string,
  ) {
    super(`cannot invite to district ${districtCode}: ${why}`);
    this.name = "DistrictNotInvitableError";
  }
}

/**
 * Invites a district's data lead or superintendent: a `district_admin` account of the district
 * (no password yet), its one-time invitation, and an unlisted directory profile with the
 * position, which the person may later list (opt-in). Returns the token for the link.
 */
export async function inviteDistrictLead(
  repos: Pick<WorkspaceRepositories, "users" | "invitations" | "districts" | "directory">,
  input: {
    readonly districtCode: string;
    readonly lead: DistrictLead;
    readonly email: string;
    readonly displayName: string;
    readonly invitedBy: number | null;
    readonly now: () => Date;
    readonly lifetimeMs?: number;
    readonly scryptParams?: ScryptParams;
  },
): Promise<SentInvitation> {
  const district = await repos.districts.find(input.districtCode);
  if (!district) throw new DistrictNotInvitableError(input.districtCode, "it is not onboarded");
  if (district.status === "inactive")
    throw new DistrictNotInvitableError(input.districtCode, "it is inactive");
  const sent = await inviteAccount(
    {
      users: repos.users,
      invitations: repos.invitations,
      now: input.now,
      ...(input.scryptParams ? { scryptParams: input.scryptParams } : {}),
    },
    {
      email: input.email,
      displayName: input.displayName,
      role: "district_admin",
      districtCode: input.districtCode,
      invitedBy: input.invitedBy,
      ...(input.lifetimeMs !== undefined ? { lifetimeMs: input.lifetimeMs } : {}),
    },
  );
  await repos.directory.save(sent.user.id, {
    position: input.lead,
    title: input.lead === "data_lead" ? "Data lead" : "Superintendent",
    phone: "",
    email: "",
    showContact: false,
    listed: false,
  });
  return sent;
}

/** The path of an invitation link: the token rides in the fragment, which browsers never send. */
export function invitationPath(token: string): string {
  return `/invite#token=${token}`;
}
