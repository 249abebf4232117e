import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, PUBLISHED, S1, signIn, startHarness } from "./fixture.ts";

/**
 * A result table whose column holds another type than its row shape declares fails the read
 * (500), instead of reaching the response serializer, which would coerce "4" to 4 and serve it.
 */
describe("routes over a warehouse whose result rows are not of their declared shape", () => {
  let h: Harness;
  let hub: string;
  let district: string;
  beforeAll(async () => {
    h = await startHarness();
    hub = (await signIn(h.app, "hub_admin")).cookie;
    district = (await signIn(h.app, "district_admin")).cookie;
  });
  afterAll(async () => h.close());

  // Student rows are for the school's district only; the hub reads everything else.
  const get = (url: string) =>
    h.app.inject({
      method: "GET",
      url,
      headers: { cookie: url.endsWith("/students") ? district : hub },
    });

  it("serves them while the tables are as declared", async () => {
    for (const url of [
      `/api/runs/${PUBLISHED}/measures/chronic_absence/results`,
      `/api/runs/${PUBLISHED}/schools/${S1}/index`,
      "/api/schools",
      `/api/schools/${S1}`,
      `/api/schools/${S1}/students`,
      "/api/runs",
    ]) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  it.each([
    ["metric_levels", "level", `/api/runs/${PUBLISHED}/measures/chronic_absence/results`],
    ["index_components", "weight", `/api/runs/${PUBLISHED}/schools/${S1}/index`],
    ["index_results", "index_level", `/api/runs/${PUBLISHED}/schools/${S1}/index`],
    ["schools", "low_grade", "/api/schools"],
    ["schools", "latitude", `/api/schools/${S1}`],
    ["enrollments", "grade", `/api/schools/${S1}/students`],
    // Not asked for before: the run's report data is read once and kept.
    ["schools", "title_i", `/api/runs/${PUBLISHED}/schools/${S1}/report`],
  ])("fails when %s.%s holds text (%s)", async (table, column, url) => {
    await h.warehouse.run(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE VARCHAR`);
    try {
      const res = await get(url);
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: "internal", message: "internal server error" } });
    } finally {
      await h.warehouse.run(
        `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${{ latitude: "DOUBLE", weight: "DOUBLE", title_i: "BOOLEAN" }[column] ?? "INTEGER"}`,
      );
    }
  });
});
