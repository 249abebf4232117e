import type { SessionRepository } from "../workspace/session-repository.ts";
import type { UserRepository } from "../workspace/user-repository.ts";
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  type ScryptParams,
  verifyPassword,
} from "./password-hash.ts";
import { checkPasswordPolicy } from "./password-policy.ts";

export type ChangePasswordResult =
  | { readonly ok: true; readonly sessionsEnded: number }
  | { readonly ok: false; readonly reason: "invalid_credentials" };

/**
 * Changes a user's own password: the current one must match, the new one must pass the policy
 * (throws `WeakPasswordError`), and every session of the user ends (the caller signs in again),
 * so a stolen session does not outlive the change.
 */
export async function changePassword(
  deps: {
    readonly users: UserRepository;
    readonly sessions: SessionRepository;
    readonly scryptParams?: ScryptParams;
  },
  input: { readonly email: string; readonly currentPassword: string; readonly newPassword: string },
): Promise<ChangePasswordResult> {
  const found = await deps.users.findCredentials(input.email);
  if (!found || found.user.disabledAt !== null) return { ok: false, reason: "invalid_credentials" };
  if (!(await verifyPassword(input.currentPassword, found.passwordHash))) {
    return { ok: false, reason: "invalid_credentials" };
  }
  checkPasswordPolicy(input.newPassword, found.user.email);
  const hash = await hashPassword(input.newPassword, deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS);
  await deps.users.setPasswordHash(found.user.id, hash);
  return { ok: true, sessionsEnded: await deps.sessions.deleteForUser(found.user.id) };
}
