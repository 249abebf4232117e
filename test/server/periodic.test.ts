import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import {
  D1,
  type Harness,
  PERIODS,
  PRIOR,
  PUBLISHED,
  S1,
  S1_CHRONIC,
  s1ChronicToDate,
  signIn,
  startHarness,
  type Who,
} from "./fixture.ts";

interface Point {
  period_start: string;
  n: number | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
  suppression_reason: string | null;
}
interface Signal {
  rule: string;
  points: number[];
  effect: string;
}
interface ChartBody {
  points: Point[];
  chart: {
    kind: string;
    points: { index: number; value: number | null; centre: number | null; lower: number | null }[];
    signals: Signal[];
  } | null;
  chart_note: string | null;
  annotations: { note_date: string; text: string; author: string }[];
  annotations_shown: boolean;
  may_annotate: boolean;
}

describe("periodic series, charts and notes (issue #16 points 5 and 6)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(() => h?.close());

  const get = async <T>(who: Who, path: string): Promise<{ status: number; body: T }> => {
    const { cookie } = await signIn(h.app, who);
    const res = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/schools/${S1}/periodic${path}`,
      headers: cookie ? { cookie } : {},
    });
    return { status: res.statusCode, body: res.json() as T };
  };
  const post = async (who: Who, body: object) => {
    const { cookie, csrf } = await signIn(h.app, who);
    return h.app.inject({
      method: "POST",
      url: `/api/schools/${S1}/annotations`,
      headers: { cookie, "x-csrf-token": csrf },
      payload: body,
    });
  };

  it("lists the school's levels, measures and groups", async () => {
    const { status, body } = await get<{
      levels: { school_level: string; measures: { measure: string; groups: string[] }[] }[];
    }>("anonymous", "");
    expect(status).toBe(200);
    expect(body.levels.map((l) => l.school_level)).toEqual(["elementary"]);
    const measures = body.levels[0]!.measures;
    expect(measures.map((m) => m.measure)).toEqual([
      "monthly_absence_rate",
      "chronic_absence_to_date",
    ]);
    expect(measures[1]!.groups[0]).toBe("ALL");
    expect(new Set(measures[1]!.groups)).toEqual(new Set(S1_CHRONIC.map(([g]) => g)));
  });

  it("hides a group below min n and its complement from the public, every period, as gaps", async () => {
    for (const group of ["AS", "AA"]) {
      const { body } = await get<{ points: Point[] }>(
        "anonymous",
        `/chronic_absence_to_date?group=${group}`,
      );
      expect(body.points.map((p) => p.period_start)).toEqual([...PERIODS]);
      for (const p of body.points) {
        expect(p).toMatchObject({
          n: null,
          numerator: null,
          denominator: null,
          value: null,
          suppressed: true,
          suppression_reason: group === "AS" ? "small_n" : "complementary",
        });
      }
    }
    // The other race groups and ALL are shown.
    const hi = await get<{ points: Point[] }>("anonymous", "/chronic_absence_to_date?group=HI");
    expect(hi.body.points.map((p) => p.numerator)).toEqual(
      PERIODS.map((_, m) => s1ChronicToDate("HI", m)),
    );
  });

  it("shows the school's own district staff and the hub every figure, small cells flagged", async () => {
    for (const who of ["district_admin", "school_staff", "hub_admin"] as const) {
      const { body } = await get<{ points: Point[] }>(who, "/chronic_absence_to_date?group=AS");
      expect(body.points.map((p) => p.numerator)).toEqual(
        PERIODS.map((_, m) => s1ChronicToDate("AS", m)),
      );
      expect(body.points.every((p) => p.suppressed && p.suppression_reason === "small_n")).toBe(
        true,
      );
      const aa = await get<{ points: Point[] }>(who, "/chronic_absence_to_date?group=AA");
      expect(aa.body.points.every((p) => !p.suppressed && p.n === 25)).toBe(true);
    }
    // Staff of another district read it as the public does.
    const other = await get<{ points: Point[] }>(
      "other_district_admin",
      "/chronic_absence_to_date?group=AS",
    );
    expect(other.body.points.every((p) => p.value === null)).toBe(true);
  });

  it("computes a p-chart that flags the planted drop as an improvement, from a frozen baseline", async () => {
    const { body } = await get<ChartBody>("anonymous", "/chronic_absence_to_date/chart?baseline=5");
    expect(body.chart?.kind).toBe("p-prime");
    // Values in percent, as the series shows them.
    expect(body.chart!.points[0]!.value).toBeCloseTo(body.points[0]!.value!, 9);
    expect(body.chart!.points[0]!.centre).toBeCloseTo(
      (100 * [0, 1, 2, 3, 4].reduce((s, m) => s + s1ChronicToDate("ALL", m), 0)) / (5 * 200),
      9,
    );
    const flagged = new Set(
      body.chart!.signals.filter((s) => s.effect === "improvement").flatMap((s) => s.points),
    );
    expect([5, 6, 7, 8, 9].every((i) => flagged.has(i))).toBe(true);
    expect([0, 1, 2, 3, 4].some((i) => flagged.has(i))).toBe(false);
    // A run chart on request, and a part at the change: no signal within either side.
    const run = await get<ChartBody>("anonymous", "/chronic_absence_to_date/chart?chart=run");
    expect(run.body.chart?.kind).toBe("run");
    const split = await get<ChartBody>(
      "anonymous",
      "/chronic_absence_to_date/chart?parts=2024-02-01&laney=false",
    );
    expect(split.body.chart?.kind).toBe("p");
    expect(split.body.chart!.points[7]!.centre).toBeCloseTo(
      (100 * [5, 6, 7, 8, 9].reduce((s, m) => s + s1ChronicToDate("ALL", m), 0)) / (5 * 200),
      9,
    );
  });

  it("charts monthly absence seasonally adjusted by the previous year of the chain by default", async () => {
    // The chain's previous run gets a year of S1's monthly absence, all students, 3,600 days a month, more in winter.
    const rates = [0.05, 0.07, 0.08, 0.1, 0.11, 0.09, 0.08, 0.07, 0.06, 0.05];
    const previous = PERIODS.map((p) => `${Number(p.slice(0, 4)) - 1}${p.slice(4)}`);
    for (const [m, start] of previous.entries())
      await h.warehouse.run(
        `INSERT INTO periodic_results VALUES (?, 2023, ?, 'elementary', 'monthly_absence_rate', 'ALL',
           ?::DATE, ?::DATE, ?, 200, ?, 3600, ?)`,
        [PRIOR, S1, start, start, start.slice(0, 7), 3600 * rates[m]!, 100 * rates[m]!],
      );
    const { body } = await get<ChartBody & { chart: { parts: { centre: number }[] } }>(
      "anonymous",
      "/monthly_absence_rate/chart",
    );
    expect(body.chart_note).toBeNull();
    expect(body.chart?.kind).toBe("seasonal-u");
    // The district's index (S1 alone here) of each calendar month, worked from the rows above.
    const year = rates.reduce((a, r) => a + r, 0) / rates.length;
    const index = rates.map((r) => r / year);
    const adjusted = body.points.map((p, m) => (100 * p.numerator!) / (p.denominator! * index[m]!));
    for (const [m, v] of adjusted.entries())
      expect(body.chart!.points[m]!.value, `month ${m}`).toBeCloseTo(v, 9);
    const first3 = [0, 1, 2];
    expect(body.chart!.parts[0]!.centre).toBeCloseTo(
      (100 * first3.reduce((a, m) => a + body.points[m]!.numerator!, 0)) /
        first3.reduce((a, m) => a + body.points[m]!.denominator! * index[m]!, 0),
      9,
    );
    // The plain chart stays on request.
    const control = await get<ChartBody>("anonymous", "/monthly_absence_rate/chart?chart=control");
    expect(control.body.chart?.kind).toBe("p-prime");
    expect(control.body.chart_note).toBeNull();
  });

  it("draws no chart of a series the reader is shown no figure of, and says why", async () => {
    const { body } = await get<ChartBody>("anonymous", "/chronic_absence_to_date/chart?group=AS");
    expect(body.chart).toBeNull();
    expect(body.chart_note).toMatch(/withheld/);
    const staff = await get<ChartBody>("school_staff", "/chronic_absence_to_date/chart?group=AS");
    expect(staff.body.chart).not.toBeNull();
  });

  it("refuses a part that is no period of the series, naming it", async () => {
    const res = await get<{ error: { message: string } }>(
      "anonymous",
      "/chronic_absence_to_date/chart?parts=2024-02-15",
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('"2024-02-15"');
    expect((await get("anonymous", "/no_such_measure/chart")).status).toBe(404);
  });

  it("keeps a note from the school's district staff, audited, shown to them and the hub but not the public", async () => {
    const res = await post("school_staff", {
      note_date: "2024-02-01",
      text: "Attendance mentors start",
      measure: "chronic_absence_to_date",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ note_date: "2024-02-01", author: "school_staff" });
    const audit = (await new AuditLog(h.workspace.db).list()).filter(
      (r) => r.action === "annotate",
    );
    expect(audit[0]).toMatchObject({ role: "school_staff", schoolCode: S1, districtCode: D1 });
    for (const who of ["school_staff", "district_admin", "hub_admin"] as const) {
      const { body } = await get<ChartBody>(who, "/chronic_absence_to_date/chart");
      expect(body.annotations.map((a) => a.text)).toContain("Attendance mentors start");
      expect(body.may_annotate).toBe(true);
    }
    // Another measure's chart does not carry it.
    const other = await get<ChartBody>("school_staff", "/monthly_absence_rate/chart");
    expect(other.body.annotations.map((a) => a.text)).not.toContain("Attendance mentors start");
    for (const who of ["anonymous", "network_member", "other_district_admin"] as const) {
      const { body } = await get<ChartBody>(who, "/chronic_absence_to_date/chart");
      expect(body.annotations).toEqual([]);
      expect(body.annotations_shown).toBe(false);
      expect(body.may_annotate).toBe(false);
    }
  });

  it("refuses a note on a day that is not on the calendar, naming it, or on an unknown school", async () => {
    const res = await post("hub_admin", { note_date: "2024-02-30", text: "x" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('"2024-02-30"');
    const { cookie, csrf } = await signIn(h.app, "hub_admin");
    const unknown = await h.app.inject({
      method: "POST",
      url: "/api/schools/01000019999999/annotations",
      headers: { cookie, "x-csrf-token": csrf },
      payload: { note_date: "2024-02-01", text: "x" },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("exports periodic_results through the same disclosure: the public's file has no hidden figure", async () => {
    const csv = async (who: Who) => {
      const { cookie } = await signIn(h.app, who);
      const res = await h.app.inject({
        method: "GET",
        url: `/api/runs/${PUBLISHED}/exports/periodic_results`,
        headers: cookie ? { cookie } : {},
      });
      expect(res.statusCode).toBe(200);
      const [header, ...lines] = res.body.trim().split("\n");
      const cols = header!.split(",");
      return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
    };
    const pub = await csv("anonymous");
    expect(pub.length).toBe(2 * PERIODS.length * S1_CHRONIC.length);
    const as = pub.filter((r) => r.student_group === "AS" || r.student_group === "AA");
    expect(as.length).toBe(4 * PERIODS.length);
    for (const r of as) {
      expect(r).toMatchObject({
        n: "",
        numerator: "",
        denominator: "",
        value: "",
        suppressed: "true",
      });
      expect(r.period_start).toMatch(/^\d{4}-\d{2}-01$/);
    }
    const hub = await csv("hub_admin");
    const hubAs = hub.filter(
      (r) => r.student_group === "AS" && r.measure === "chronic_absence_to_date",
    );
    expect(hubAs.map((r) => Number(r.numerator))).toEqual(
      PERIODS.map((_, m) => s1ChronicToDate("AS", m)),
    );
    expect(hubAs.every((r) => r.suppression_reason === "small_n")).toBe(true);
  });
});
