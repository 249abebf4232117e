import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, PUBLISHED, S1, S3, signIn, startHarness } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Group {
  student_group: string;
  n: number | null;
  suppressed: boolean;
}

async function groups(cookie: string): Promise<Map<string, Group>> {
  const res = await h.app.inject({
    method: "GET",
    url: `/api/runs/${PUBLISHED}/schools/${S1}/report`,
    headers: cookie ? { cookie } : {},
  });
  expect(res.statusCode).toBe(200);
  const body = res.json() as {
    suppressed_for_reader: boolean;
    levels: { measures: { groups: Group[] }[] }[];
  };
  return new Map(body.levels[0]!.measures[0]!.groups.map((g) => [g.student_group, g]));
}

describe("GET /api/runs/:runId/schools/:schoolCode/report (cached per run and reader scope)", () => {
  it("never serves the district admin's unsuppressed report to the public, whoever asks first", async () => {
    const admin = await signIn(h.app, "district_admin");
    const other = await signIn(h.app, "other_district_admin");
    // The unsuppressed report is built and cached first.
    expect((await groups(admin.cookie)).get("AS")!.n).toBe(8);
    expect((await groups(admin.cookie)).get("AS")!.n).toBe(8);
    for (const cookie of ["", other.cookie]) {
      const shown = await groups(cookie);
      expect(shown.get("AS")).toMatchObject({ n: null, suppressed: true });
      expect(shown.get("AA")).toMatchObject({ n: null, suppressed: true });
    }
    expect((await groups(admin.cookie)).get("AA")!.n).toBe(25);
  });

  it("reports another district's school from the run's data, and 404 for one not in the directory", async () => {
    const res = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/schools/${S3}/report`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      school: { school_code: S3, school_name: "Gamma Elementary" },
      levels: [
        {
          school_level: "elementary",
          index_level: 4,
          tier: "focus",
          measures: [{ metric: "chronic_absence", value: 1.2, level: 9, band: "above average" }],
        },
      ],
    });
    const missing = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/schools/09999990000009/report`,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('school "09999990000009" not found');
  });
});
