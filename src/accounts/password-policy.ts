import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

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

/**
 * The zxcvbn score a password needs (0–4): 3 means an estimated 10^8 guesses or more, out of
 * reach of an online attack and costly offline against scrypt. Common passwords and their
 * variants (`password1234`, `123456789012`, `P@ssw0rd2024!`), keyboard walks, sequences, repeats
 * and dates score 0–2.
 */
export const MIN_PASSWORD_SCORE = 3;

/** Parts of an email's name shorter than this are not looked for in the password (`jo`, `li`). */
const MIN_NAME_PART = 3;

let estimator: ZxcvbnFactory | undefined;

/**
 * zxcvbn-ts with its common-password list (breached-password frequency lists) and English
 * dictionaries (words, first and last names, Wikipedia and TV terms), built on first use:
 * loading the dictionaries takes about 0.3 s, which only account creation and password changes pay.
 */
function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
}

/**
 * The name in an email, as the parts a password must not contain: the part before `@`, whole
 * and split at anything not a letter (`pat.smith-2@x` → `patsmith2`, `pat.smith-2`, `smith`…),
 * each of at least {@link MIN_NAME_PART} characters, lower-cased.
 */
export function emailNameParts(email: string): string[] {
  const local = email.trim().toLowerCase().split("@")[0] ?? "";
  const parts = [local, local.replace(/[^\p{L}\p{N}]+/gu, ""), ...local.split(/[^\p{L}]+/u)];
  return [...new Set(parts)].filter((p) => [...p].length >= MIN_NAME_PART);
}

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
  const lower = password.toLowerCase();
  const name = emailNameParts(email).find((part) => lower.includes(part));
  if (name !== undefined) {
    throw new WeakPasswordError(`the password contains the email's name "${name}"`);
  }
  const result = passwordEstimator().check(password, [email, ...emailNameParts(email)]);
  if (result.score < MIN_PASSWORD_SCORE) {
    const why = result.feedback.warning ?? "it is too easy to guess";
    throw new WeakPasswordError(
      `too easy to guess (about 10^${Math.floor(result.guessesLog10)} guesses, 10^8 needed): ${why.replace(/\.$/, "")}`,
    );
  }
}
