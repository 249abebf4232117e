import { membershipLabel, useMembership } from "../api/collaborative-queries.ts";
import { useSession } from "../api/session.tsx";

/** A district's membership of the data collaborative, for signed-in readers (nothing otherwise). */
export function MembershipStatus({ code }: { code: string }) {
  const { signedIn } = useSession();
  const membership = useMembership(code, signedIn);
  const d = membership.data?.district;
  if (!d) return null;
  return (
    <p className="membership-status">
      <strong>{membershipLabel(d)}</strong>
      {d.agreement
        ? ` · data-sharing agreement ${d.agreement.starts_on} to ${d.agreement.ends_on}, school years ${d.agreement.first_year}–${d.agreement.last_year}`
        : " · no data-sharing agreement on record"}
    </p>
  );
}
