import { createHash, randomBytes } from "node:crypto";
import type { InvitationRepository } from "../workspace/invitation-repository.ts";
import type { SessionRepository } from "../workspace/session-repository.ts";
import type { NewUser, User, UserRepository } from "../workspace/user-repository.ts";
import { validateNewUser } from "../workspace/user-repository.ts";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from "./password-hash.ts";
import { checkPasswordPolicy } from "./password-policy.ts";

/** Invitations last 7 days unless the caller says otherwise. */
export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The stored hash of an invitation token (256-bit random, so a plain SHA-256 suffices). */
export function inviteTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What an invitation gives the inviter to send: the token (in the link) and its expiry. */
export interface SentInvitation {
  readonly user: User;
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Invites a person: creates their account with a random password no one knows, and a one-time
 * token (returned, never stored: only its SHA-256) that sets the password within `lifetimeMs`.
 */
export async function inviteAccount(
  deps: {
    readonly users: UserRepository;
    readonly invitations: InvitationRepository;
    readonly now: () => Date;
    readonly random?: (bytes: number) => Buffer;
    readonly scryptParams?: ScryptParams;
  },
  account: Omit<NewUser, "passwordHash"> & {
    readonly invitedBy: number | null;
    readonly lifetimeMs?: number;
  },
): Promise<SentInvitation> {
  const { invitedBy, lifetimeMs, ...rest } = account;
  validateNewUser({ ...rest, passwordHash: "" });
  const random = deps.random ?? randomBytes;
  const unusable = await hashPassword(
    random(32).toString("base64url"),
    deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS,
  );
  const user = await deps.users.create({ ...rest, passwordHash: unusable });
  const token = random(32).toString("base64url");
  const expiresAt = new Date(deps.now().getTime() + (lifetimeMs ?? INVITE_LIFETIME_MS));
  await deps.invitations.create({
    userId: user.id,
    tokenHash: inviteTokenHash(token),
    expiresAt,
    createdBy: invitedBy,
  });
  return { user, token, expiresAt };
}

/** The invitation is unknown, used or expired. */
export class InvitationUnusableError extends Error {
  constructor() {
    super("this invitation link is unknown, already used or expired; ask the hub for a new one");
    this.name = "InvitationUnusableError";
  }
}

/**
 * Sets an invited account's password from its token: the password must pass the policy (throws
 * `WeakPasswordError` before the token is used), then the token is used up (a second use, or one
 * after expiry, throws {@link InvitationUnusableError}) and any session of the account ends.
 */
export async function acceptInvitation(
  deps: {
    readonly users: UserRepository;
    readonly sessions: SessionRepository;
    readonly invitations: InvitationRepository;
    readonly scryptParams?: ScryptParams;
  },
  input: { readonly token: string; readonly password: string },
): Promise<User> {
  const hash = inviteTokenHash(input.token);
  const pending = await deps.invitations.findUsable(hash);
  if (!pending) throw new InvitationUnusableError();
  const user = await deps.users.findById(pending.userId);
  if (!user || user.disabledAt !== null) throw new InvitationUnusableError();
  checkPasswordPolicy(input.password, user.email);
  const passwordHash = await hashPassword(
    input.password,
    deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS,
  );
  const userId = await deps.invitations.consume(hash);
  if (userId === undefined) throw new InvitationUnusableError();
  await deps.users.setPasswordHash(userId, passwordHash);
  await deps.sessions.deleteForUser(userId);
  return user;
}
