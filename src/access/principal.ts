import type { User } from "../workspace/user-repository.ts";
import type { Role } from "./role.ts";

/** Who is asking: a signed-in user, or the anonymous public. */
export interface Principal {
  readonly role: Role;
  readonly userId: number | null;
  readonly districtCode: string | null;
  readonly schoolCode: string | null;
}

/** The anonymous visitor. */
export const ANONYMOUS: Principal = {
  role: "public",
  userId: null,
  districtCode: null,
  schoolCode: null,
};

/** The principal of a resolved session's user; no user or a disabled one is anonymous. */
export function principalOf(user: User | undefined | null): Principal {
  if (!user || user.disabledAt !== null) return ANONYMOUS;
  return {
    role: user.role,
    userId: user.id,
    districtCode: user.districtCode,
    schoolCode: user.schoolCode,
  };
}
