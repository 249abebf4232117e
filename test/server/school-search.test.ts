import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, PUBLISHED, S1, startHarness } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("GET /api/runs/:runId/search?q=", () => {
  it("finds a school by a misspelt name with its district, school levels, index level and tier, and no score", async () => {
    const res = await h.app.inject({ url: `/api/runs/${PUBLISHED}/search?q=alpah%20elementry` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      query: "alpah elementry",
      schools: [
        {
          school_code: S1,
          school_name: "Alpha Elementary",
          district_code: "0100001",
          district_name: "District",
          levels: [{ school_level: "elementary", index_level: 4, tier: "focus" }],
        },
      ],
    });
  });

  it("answers an empty list for a query with no word, and 400 without a query", async () => {
    const empty = await h.app.inject({ url: `/api/runs/${PUBLISHED}/search?q=%20-%20` });
    expect(empty.json()).toEqual({ query: " - ", schools: [] });
    const missing = await h.app.inject({ url: `/api/runs/${PUBLISHED}/search` });
    expect(missing.statusCode).toBe(400);
  });
});
