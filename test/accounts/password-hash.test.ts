import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  MalformedPasswordHashError,
  needsRehash,
  parsePasswordHash,
  TEST_SCRYPT_PARAMS,
  verifyPassword,
} from "../../src/accounts/password-hash.ts";

const P = TEST_SCRYPT_PARAMS;

describe("hashPassword(password, params)", () => {
  it("writes a self-describing scrypt$N$r$p$salt$hash string", async () => {
    const hash = await hashPassword("correct horse", P);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(parsePasswordHash(hash).params).toEqual(P);
  });

  it("salts every hash differently", async () => {
    const a = await hashPassword("same password", P);
    const b = await hashPassword("same password", P);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("is deterministic for a given salt", async () => {
    const salt = () => Buffer.alloc(16, 7);
    expect(await hashPassword("pw", P, salt)).toBe(await hashPassword("pw", P, salt));
  });

  it("uses N=2^15 r=8 p=1 by default, within Node's memory limit", async () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    const hash = await hashPassword("production strength");
    expect(hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("production strength", hash)).toBe(true);
  });
});

describe("verifyPassword(password, stored)", () => {
  it("rejects a wrong password", async () => {
    const hash = await hashPassword("correct horse", P);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct hors", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("treats NFC and NFD spellings of a password as the same password", async () => {
    const hash = await hashPassword("caf\u00e9", P);
    expect(await verifyPassword("cafe\u0301", hash)).toBe(true);
  });

  it("fails when the stored hash or salt has been tampered with", async () => {
    const hash = await hashPassword("correct horse", P);
    const parts = hash.split("$");
    const flip = (s: string) => (s[0] === "A" ? `B${s.slice(1)}` : `A${s.slice(1)}`);
    const tamperedKey = [...parts.slice(0, 5), flip(parts[5] ?? "")].join("$");
    const tamperedSalt = [...parts.slice(0, 4), flip(parts[4] ?? ""), parts[5]].join("$");
    const otherN = ["scrypt", "2048", ...parts.slice(2)].join("$");
    expect(await verifyPassword("correct horse", tamperedKey)).toBe(false);
    expect(await verifyPassword("correct horse", tamperedSalt)).toBe(false);
    expect(await verifyPassword("correct horse", otherN)).toBe(false);
  });

  it("throws on a malformed or hostile stored hash instead of answering", async () => {
    const hash = await hashPassword("pw", P);
    const [, , r, p, salt, key] = hash.split("$");
    await expect(verifyPassword("pw", "bcrypt$2b$10$x")).rejects.toBeInstanceOf(
      MalformedPasswordHashError,
    );
    await expect(verifyPassword("pw", `scrypt$1000$${r}$${p}$${salt}$${key}`)).rejects.toThrow(
      "N 1000 is not a power of two",
    );
    await expect(
      verifyPassword("pw", `scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`),
    ).rejects.toThrow(/not a power of two in 2\.\.2\^20/);
    await expect(verifyPassword("pw", `scrypt$1024$${r}$${p}$$${key}`)).rejects.toThrow(
      "salt of 0 bytes",
    );
  });
});

describe("needsRehash(stored, params)", () => {
  it("says whether a hash was made with other parameters", async () => {
    const hash = await hashPassword("pw", P);
    expect(needsRehash(hash, P)).toBe(false);
    expect(needsRehash(hash, DEFAULT_SCRYPT_PARAMS)).toBe(true);
  });
});
