/** A chosen password breaks the policy; the message says which rule (never echoing the password). */
export class WeakPasswordError extends Error {
  constructor(readonly rule: string) {
    super(`password rejected: ${rule}`);
    this.name = "WeakPasswordError";
  }
}

/** At least 12 characters (passphrases welcome), at most 1024 (hashing cost), not the email. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** Throws {@link WeakPasswordError} unless `password` is acceptable for the account `email`. */
export function checkPasswordPolicy(password: string, email: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new WeakPasswordError(`${length} characters, at least ${MIN_PASSWORD_LENGTH} needed`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new WeakPasswordError(`${length} characters, at most ${MAX_PASSWORD_LENGTH} allowed`);
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    throw new WeakPasswordError("the password is the email address");
  }
  if (new Set(password).size < 4) throw new WeakPasswordError("fewer than 4 distinct characters");
}
