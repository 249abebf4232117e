import { describe, expect, it } from "vitest";
import { createCsrfToken, requiresCsrf, verifyCsrfToken } from "../../src/accounts/csrf-token.ts";

describe("createCsrfToken()", () => {
  it("makes a fresh 256-bit token each time", () => {
    const a = createCsrfToken();
    const b = createCsrfToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});

describe("verifyCsrfToken(expected, sent)", () => {
  const token = createCsrfToken(() => Buffer.alloc(32, 1));

  it("accepts the session's own token", () => {
    expect(verifyCsrfToken(token, token)).toBe(true);
  });

  it("rejects a missing, empty, truncated, extended or other session's token", () => {
    expect(verifyCsrfToken(token, undefined)).toBe(false);
    expect(verifyCsrfToken(token, null)).toBe(false);
    expect(verifyCsrfToken(token, "")).toBe(false);
    expect(verifyCsrfToken(token, token.slice(0, -1))).toBe(false);
    expect(verifyCsrfToken(token, `${token}A`)).toBe(false);
    expect(verifyCsrfToken(token, createCsrfToken())).toBe(false);
    expect(verifyCsrfToken("", "")).toBe(false);
  });
});

describe("requiresCsrf(method)", () => {
  it("exempts only GET, HEAD and OPTIONS", () => {
    expect(["GET", "head", "OPTIONS"].map(requiresCsrf)).toEqual([false, false, false]);
    expect(["POST", "PUT", "PATCH", "delete"].map(requiresCsrf)).toEqual([true, true, true, true]);
  });
});
