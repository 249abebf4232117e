import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createSessionToken,
  sessionCookie,
  sessionIdOf,
  slidingExpiry,
} from "../../src/accounts/session-token.ts";

describe("createSessionToken(random)", () => {
  it("returns 32 random bytes as the token and their SHA-256 as the stored id", () => {
    const { token, id } = createSessionToken(() => Buffer.alloc(32, 0xab));
    expect(Buffer.from(token, "base64url")).toEqual(Buffer.alloc(32, 0xab));
    expect(id).toBe(createHash("sha256").update(token).digest("hex"));
    expect(id).toBe(sessionIdOf(token));
  });

  it("never repeats a token", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => createSessionToken().token));
    expect(tokens.size).toBe(1000);
  });
});

describe("sessionCookie(secure)", () => {
  it("is HttpOnly, SameSite=Strict, Path=/ and, over HTTPS, Secure and host-only (__Host-)", () => {
    expect(sessionCookie(true)).toEqual({
      name: "__Host-collab_session",
      options: { httpOnly: true, secure: true, sameSite: "strict", path: "/" },
    });
    expect(sessionCookie(false)).toEqual({
      name: "collab_session",
      options: { httpOnly: true, secure: false, sameSite: "strict", path: "/" },
    });
  });
});

describe("slidingExpiry(createdAt, now)", () => {
  const created = new Date("2026-01-05T08:00:00Z");
  it("extends to 30 minutes after the last activity", () => {
    expect(slidingExpiry(created, new Date("2026-01-05T09:00:00Z"))).toEqual(
      new Date("2026-01-05T09:30:00Z"),
    );
  });
  it("never beyond 12 hours after sign-in", () => {
    expect(slidingExpiry(created, new Date("2026-01-05T19:50:00Z"))).toEqual(
      new Date("2026-01-05T20:00:00Z"),
    );
  });
});
