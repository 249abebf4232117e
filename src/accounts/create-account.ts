import {
  type NewUser,
  type User,
  type UserRepository,
  validateNewUser,
} from "../workspace/user-repository.ts";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from "./password-hash.ts";
import { checkPasswordPolicy } from "./password-policy.ts";

export type NewAccount = Omit<NewUser, "passwordHash"> & { readonly password: string };

/**
 * Creates an account from a chosen password: checks the password policy and the role's scope,
 * hashes with scrypt, stores. Used by `collab users add` and by the user-admin routes (which must
 * first ask `canAccess(principal, { kind: "user_admin", districtCode })`).
 */
export async function createAccount(
  users: UserRepository,
  account: NewAccount,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<User> {
  checkPasswordPolicy(account.password, account.email);
  const { password, ...rest } = account;
  validateNewUser({ ...rest, passwordHash: "" });
  return users.create({ ...rest, passwordHash: await hashPassword(password, params) });
}
