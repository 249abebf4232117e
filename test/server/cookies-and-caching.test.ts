import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SCRYPT_PARAMS } from "../../src/accounts/password-hash.ts";
import { buildApp } from "../../src/server/app.ts";
import { type Harness, PASSWORD, S1, signIn, startHarness } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const LOGIN = { email: "district_admin@example.org", password: PASSWORD };

async function logIn(headers: Record<string, string> = {}, app = h.app) {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: LOGIN, headers });
  expect(res.statusCode).toBe(200);
  expect(res.cookies).toHaveLength(1);
  return res.cookies[0]!;
}

describe("the session cookie (issue #15 point 7)", () => {
  it("is not Secure over plain HTTP, so a local `collab serve` still signs in", async () => {
    const c = await logIn();
    expect(c.name).toBe("collab_session");
    expect(c.secure).toBeUndefined();
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe("Strict");
  });

  it("is Secure and __Host- when a proxy says the request came over HTTPS", async () => {
    const proxied: Record<string, string>[] = [
      { "x-forwarded-proto": "https" },
      { "x-forwarded-proto": "https, http" },
      { forwarded: 'for=192.0.2.60;proto=https;by="203.0.113.43"' },
    ];
    for (const headers of proxied) {
      const c = await logIn(headers);
      expect(c.name, JSON.stringify(headers)).toBe("__Host-collab_session");
      expect(c.secure).toBe(true);
      expect(c.path).toBe("/");
      expect(c.domain).toBeUndefined();
      const me = await h.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { ...headers, cookie: `${c.name}=${c.value}` },
      });
      expect((me.json() as { userId: number | null }).userId).toBe(h.userIds.district_admin);
    }
  });

  it("is read only under the name its transport allows: a __Host- cookie over HTTP, a plain one over HTTPS, sign in nobody", async () => {
    const secure = await logIn({ "x-forwarded-proto": "https" });
    const plain = await logIn();
    const overHttp = await h.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: `collab_session=${secure.value}` },
    });
    expect((overHttp.json() as { userId: number | null }).userId).toBe(h.userIds.district_admin);
    const hostOverHttp = await h.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: `__Host-collab_session=${secure.value}` },
    });
    expect((hostOverHttp.json() as { userId: number | null }).userId).toBeNull();
    const plainOverHttps = await h.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { "x-forwarded-proto": "https", cookie: `collab_session=${plain.value}` },
    });
    expect((plainOverHttps.json() as { userId: number | null }).userId).toBeNull();
  });

  it("is always Secure when the server is told so (secureCookies), and logout clears it under its name", async () => {
    const app = await buildApp({
      warehouse: h.warehouse,
      workspace: h.workspace,
      framework: h.framework,
      clock: () => new Date(),
      options: { scryptParams: TEST_SCRYPT_PARAMS, secureCookies: true },
    });
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: LOGIN });
    const c = res.cookies[0]!;
    expect(c.name).toBe("__Host-collab_session");
    expect(c.secure).toBe(true);
    const out = await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: {
        cookie: `${c.name}=${c.value}`,
        "x-csrf-token": (res.json() as { csrfToken: string }).csrfToken,
      },
    });
    expect(out.statusCode).toBe(200);
    const cleared = out.cookies.find((k) => k.name === "__Host-collab_session");
    expect(cleared?.value).toBe("");
    expect(cleared?.secure).toBe(true);
    await app.close();
  });
});

describe("Cache-Control on student-level responses (issue #15 point 7)", () => {
  const url = `/api/schools/${S1}/students`;

  it("is no-store when the rows are served, refused or the request is invalid", async () => {
    const admin = await signIn(h.app, "district_admin");
    const other = await signIn(h.app, "other_district_admin");
    for (const [headers, path, status] of [
      [{ cookie: admin.cookie }, url, 200],
      [{ cookie: admin.cookie }, `${url}?year=2024`, 200],
      [{ cookie: other.cookie }, url, 403],
      [{}, url, 401],
      [{ cookie: admin.cookie }, `${url}?year=abc`, 400],
      [{ cookie: admin.cookie }, `${url}?year=1990`, 400],
      [{ cookie: admin.cookie }, "/api/schools/01000010009999/students", 404],
    ] as const) {
      const res = await h.app.inject({ method: "GET", url: path, headers });
      expect(res.statusCode, path).toBe(status);
      expect(res.headers["cache-control"], `${path} ${status}`).toBe("no-store");
    }
  });

  it("is left alone on aggregate responses", async () => {
    const res = await h.app.inject({ method: "GET", url: `/api/schools/${S1}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).not.toBe("no-store");
  });
});
