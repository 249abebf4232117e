import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, type Harness, PUBLISHED, S1, signIn, startHarness, type Who } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The probes of issue #15 point 9: requests that answered 500, or told more than a 404 would. */
describe("requests at the edges of the API", () => {
  it("answers an OPTIONS request (a CORS preflight) 204 without granting any origin", async () => {
    for (const url of ["/api/runs", `/api/schools/${S1}/students`, "/api/auth/login", "/"]) {
      const res = await h.app.inject({
        method: "OPTIONS",
        url,
        headers: {
          origin: "https://evil.example",
          "access-control-request-method": "POST",
        },
      });
      expect(res.statusCode, url).toBe(204);
      expect(res.headers["access-control-allow-origin"], url).toBeUndefined();
      expect(res.body).toBe("");
    }
  });

  it("answers 404 to a path that names no route, traversal attempts included", async () => {
    for (const url of [
      "/api/nothing-here",
      "/api/docs/static/..%2f..%2fpackage.json",
      "/api/docs/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
      "/api/docs/static/%2e%2e/%2e%2e/package.json",
    ]) {
      const res = await h.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain("district-collaborative");
      expect(res.body, url).not.toContain("root:");
    }
  });

  it("answers 404 for an unpublished run to everyone who may not read drafts, as for a run that does not exist", async () => {
    const urls = [
      `/api/runs/${DRAFT}`,
      `/api/runs/${DRAFT}/tiers`,
      `/api/runs/${DRAFT}/schools/${S1}/report`,
      `/api/runs/${DRAFT}/schools/${S1}/index`,
      `/api/runs/${DRAFT}/measures/chronic_absence/results`,
      `/api/runs/${DRAFT}/pairings/overrides`,
    ];
    const notFound = (url: string) => `run ${JSON.stringify(url.split("/")[3] ?? "")} not found`;
    for (const who of ["anonymous", "district_admin", "network_member"] as Who[]) {
      const { cookie } = await signIn(h.app, who);
      for (const url of urls) {
        const res = await h.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
        expect(res.statusCode, `${who} ${url}`).toBe(404);
        expect(res.json(), `${who} ${url}`).toEqual({
          error: { code: "not_found", message: notFound(url) },
        });
        const missing = await h.app.inject({
          method: "GET",
          url: url.replace(DRAFT, "r2024-nonexistent"),
          headers: cookie ? { cookie } : {},
        });
        expect(missing.statusCode).toBe(404);
      }
    }
    const hub = await signIn(h.app, "hub_admin");
    const res = await h.app.inject({
      method: "GET",
      url: `/api/runs/${DRAFT}`,
      headers: { cookie: hub.cookie },
    });
    expect(res.statusCode).toBe(200);
  });

  it("answers 404 for the index of a school that does not exist, 200 for one that does", async () => {
    const missing = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/schools/01000010009999/index`,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: "not_found", message: 'school "01000010009999" not found' },
    });
    const known = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/schools/${S1}/index`,
    });
    expect(known.statusCode).toBe(200);
    expect((known.json() as { levels: unknown[] }).levels.length).toBeGreaterThan(0);
  });
});
