import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt cost parameters. Memory used is about 128 × N × r bytes. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Production parameters: N = 2^15, r = 8, p = 1 (32 MiB, ~50–100 ms per hash). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/** Cheap parameters for tests only; never for stored accounts. */
export const TEST_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

/** Upper bound on N accepted from a stored hash, so a tampered hash cannot exhaust memory. */
const MAX_N = 2 ** 20;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** A stored hash is not of the form `scrypt$N$r$p$salt$hash`. */
export class MalformedPasswordHashError extends Error {
  constructor(readonly reason: string) {
    super(`malformed password hash: ${reason}`);
    this.name = "MalformedPasswordHashError";
  }
}

function derive(
  password: string,
  salt: Buffer,
  params: ScryptParams,
  keylen: number,
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // Node's default maxmem (32 MiB) is exactly what N=2^15, r=8 needs and fails; allow twice that.
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keylen, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * Hashes a password with scrypt (memory-hard) and a random 16-byte salt. The result describes
 * itself: `scrypt$N$r$p$<salt base64url>$<hash base64url>`, so parameters can change later.
 */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  random: (bytes: number) => Buffer = randomBytes,
): Promise<string> {
  const salt = random(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function positiveInt(text: string | undefined, what: string): number {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) {
    throw new MalformedPasswordHashError(`${what} "${text ?? ""}" is not a positive integer`);
  }
  return Number(text);
}

/** Reads a stored hash; throws {@link MalformedPasswordHashError} naming what is wrong. */
export function parsePasswordHash(stored: string): ParsedHash {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") {
    throw new MalformedPasswordHashError(`expected 6 "$"-separated fields starting with "scrypt"`);
  }
  const N = positiveInt(parts[1], "N");
  const r = positiveInt(parts[2], "r");
  const p = positiveInt(parts[3], "p");
  if ((N & (N - 1)) !== 0 || N < 2 || N > MAX_N) {
    throw new MalformedPasswordHashError(`N ${N} is not a power of two in 2..2^20`);
  }
  if (r > 32 || p > 16) throw new MalformedPasswordHashError(`r ${r} or p ${p} out of range`);
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const key = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length < 8) throw new MalformedPasswordHashError(`salt of ${salt.length} bytes`);
  if (key.length < 16) throw new MalformedPasswordHashError(`hash of ${key.length} bytes`);
  return { params: { N, r, p }, salt, key };
}

/**
 * Whether `password` matches the stored hash, compared in constant time. A malformed stored hash
 * is an error, not a mismatch: it means the account row is corrupt.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { params, salt, key } = parsePasswordHash(stored);
  const candidate = await derive(password, salt, params, key.length);
  return timingSafeEqual(candidate, key);
}

/** Whether a stored hash was made with other parameters than `params` (rehash after login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parsePasswordHash(stored).params;
  return parsed.N !== params.N || parsed.r !== params.r || parsed.p !== params.p;
}
