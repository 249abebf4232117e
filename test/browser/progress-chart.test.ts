import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Download, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";
import { downloadText, parseCsv, shownText, tableCells } from "./table-text.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

interface ApiChart {
  measure: { unit: string };
  points: {
    period_start: string;
    period_end: string;
    period_label: string;
    n: number | null;
    value: number | null;
    suppressed: boolean;
  }[];
  chart: {
    points: { index: number; centre: number | null; lower: number | null; upper: number | null }[];
    signals: { points: number[] }[];
  } | null;
  annotations: { note_date: string; text: string }[];
}

const POLL = { timeout: 20_000, interval: 200 };

/** A period as the page names it ("Feb 2025"). */
const monthName = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleString("en-US", {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });

/** A figure in the measure's unit, written here apart from the page's formatter. */
function inUnit(unit: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  return unit === "percent" ? `${v.toFixed(1)}%` : `${v.toFixed(2)} ${unit}`;
}

/**
 * A chart's data download checked against the API's series and chart: a row per period, each
 * value, count, centre line and limit as the API has it ("withheld" where the disclosure pass hid
 * the period), a signal named exactly on the points of a signal, each note in one row; and equal
 * to the table under the chart. Returns the parsed rows (header first).
 */
async function checkChartCsv(page: Page, chart: Locator, api: ApiChart): Promise<string[][]> {
  const file = await downloadText(page, chart.locator("button[data-download=csv]").first());
  expect(file.name).toMatch(/\.csv$/);
  const csv = parseCsv(file.text).map((r) => r.map(shownText));
  expect(csv[0]).toEqual([
    "Period",
    "Value",
    "Students",
    "Centre line",
    "Lower limit",
    "Upper limit",
    "Signal",
    "Notes",
  ]);
  const rows = csv.slice(1);
  expect(rows).toHaveLength(api.points.length);
  const unit = api.measure.unit;
  const signalled = new Set(api.chart?.signals.flatMap((s) => s.points) ?? []);
  api.points.forEach((p, i) => {
    const c = api.chart?.points.find((q) => q.index === i);
    const row = rows[i]!;
    const name = /^\d{4}-\d{2}$/.test(p.period_label) ? monthName(p.period_start) : p.period_label;
    expect(row.slice(0, 6), `period ${i}`).toEqual([
      name,
      p.value === null ? "withheld" : inUnit(unit, p.value),
      p.n === null ? (p.suppressed ? "withheld" : "—") : String(p.n),
      inUnit(unit, c?.centre),
      inUnit(unit, c?.lower),
      inUnit(unit, c?.upper),
    ]);
    expect(row[6] !== "", `signal at period ${i}`).toBe(signalled.has(i));
  });
  for (const a of api.annotations) {
    expect(rows.filter((r) => r[7]!.includes(`${a.note_date}: ${a.text}`))).toHaveLength(1);
  }
  // The table under the chart, opened, reads the same.
  const details = chart.locator("details.chart-data");
  if (!(await details.evaluate((d) => (d as { open: boolean }).open)))
    await details.locator("summary").click();
  expect(csv).toEqual(await tableCells(details.locator("table")));
  return csv;
}

describe.skipIf(ready === null)("a school's chronic-absence chart (issue #16 point 5)", () => {
  const e = ready!;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    contexts.push(context);
    return context.newPage();
  }

  it("flags the planted change in the chart and in words, and keeps a note added to it after reload", async () => {
    const { school, level, start } = e.changed;
    const page = await newPage();
    // The principal may add notes to the schools of their district; the hub to any school.
    const who = school.startsWith(e.districts[0]) ? e.emails.principal : e.emails.hubAdmin;
    await signIn(page, e.baseUrl, who, e.password);
    // The baseline an advisor would freeze: the periods before the change.
    const api = (await (
      await page.request.get(
        `${e.baseUrl}/api/runs/${e.runs.at(-1)}/schools/${school}/periodic/chronic_absence_to_date/chart?level=${level}`,
      )
    ).json()) as ApiChart;
    const before = api.points.filter((p) => p.period_end < start).length;
    expect(before).toBeGreaterThanOrEqual(3);
    const after = new Set(
      api.points.filter((p) => p.period_end >= start).map((p) => monthName(p.period_start)),
    );
    const url = `${e.baseUrl}/progress?school=${school}&level=${level}&measure=chronic_absence_to_date&baseline=${before}`;
    await page.goto(url);
    const chart = page.locator(".periodic-chart");
    await chart.locator("svg").first().waitFor();
    // In the chart: circled signal points.
    expect(await chart.locator(".signal-points circle").count()).toBeGreaterThan(0);
    // In words: an improvement naming a month at or after the change.
    const sentences = await chart.locator("ul.signals li").allTextContents();
    const improvements = sentences.filter((s) => s.startsWith("Improvement:"));
    expect(improvements.length, sentences.join("\n")).toBeGreaterThan(0);
    expect(improvements.some((s) => [...after].some((m) => s.includes(m)))).toBe(true);

    const note = `Attendance mentors start (${Date.now()})`;
    await page.getByLabel("Date").fill(start);
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Add the note" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Note of ${start} added.` })
      .waitFor();
    const listed = chart.locator("ul.annotations li").filter({ hasText: note });
    await listed.waitFor();
    expect(await chart.locator(".annotation-marks line").count()).toBeGreaterThan(0);
    await screenshot(page, "progress-chart-annotated");

    await page.reload();
    await chart.locator("svg").first().waitFor();
    await listed.waitFor();
    expect(await listed.textContent()).toContain(start);
    expect(await chart.locator(".annotation-marks line").count()).toBeGreaterThan(0);

    // Downloads: the data as drawn (the note in its month's row), and the image.
    const drawn = (await (
      await page.request.get(
        `${e.baseUrl}/api/runs/${e.runs.at(-1)}/schools/${school}/periodic/chronic_absence_to_date/chart?level=${level}&baseline=${before}`,
      )
    ).json()) as ApiChart;
    expect(drawn.annotations.some((a) => a.text === note)).toBe(true);
    const csv = await checkChartCsv(page, chart, drawn);
    expect(csv.filter((r) => r[6] !== "").length).toBeGreaterThan(0);
    const [image] = (await Promise.all([
      page.waitForEvent("download"),
      chart.locator("button[data-download=image]").click(),
    ])) as [Download, unknown];
    expect(image.suggestedFilename()).toMatch(/^chronically-absent.*\.png$/i);
    expect(
      readFileSync(await image.path())
        .subarray(1, 4)
        .toString("latin1"),
    ).toBe("PNG");

    // The public sees the same chart and signals, but no note and no form.
    const visitor = await newPage();
    await visitor.goto(url);
    const theirs = visitor.locator(".periodic-chart");
    await theirs.locator("svg").first().waitFor();
    expect(await theirs.locator("ul.signals li").allTextContents()).toEqual(sentences);
    expect(await theirs.locator(".annotation-marks line").count()).toBe(0);
    expect(await visitor.getByText(note).count()).toBe(0);
    expect(await visitor.getByRole("button", { name: "Add the note" }).count()).toBe(0);
  });
  it("the school report draws the within-year charts with the same component, compact, signals in words, each linking to its full view; its data download is what it draws", async () => {
    const { school, level } = e.changed;
    const runId = e.runs.at(-1)!;
    const page = await newPage();
    await signIn(page, e.baseUrl, e.emails.hubAdmin, e.password);
    await page.goto(`${e.baseUrl}/schools/${school}`);
    const section = page.locator(`section[data-school-level="${level}"]`);
    const charts = section.locator(".periodic-chart.compact");
    // Each chart arrives on its own request (monthly absence reads last year's too): wait for both.
    for (const m of ["chronic_absence_to_date", "monthly_absence_rate"])
      await section.locator(`.periodic-chart.compact[data-measure="${m}"] svg`).first().waitFor();
    const measures = await charts.evaluateAll((all) =>
      all.map((c) => (c as unknown as { dataset: { measure: string } }).dataset.measure),
    );
    expect(measures).toContain("chronic_absence_to_date");
    expect(measures).toContain("monthly_absence_rate");
    let signalled: string | null = null;
    for (const measure of measures) {
      const chart = section.locator(`.periodic-chart.compact[data-measure="${measure}"]`);
      await chart.locator("svg").first().waitFor();
      const api = (await (
        await page.request.get(
          `${e.baseUrl}/api/runs/${runId}/schools/${school}/periodic/${measure}/chart?level=${level}&group=ALL`,
        )
      ).json()) as ApiChart;
      await checkChartCsv(page, chart, api);
      const sentences = await chart.locator("ul.signals li").allTextContents();
      expect(sentences.length, measure).toBe(api.chart?.signals.length ?? 0);
      if (sentences.length > 0 && signalled === null) signalled = measure;
    }
    expect(signalled, "a chart of the changed school with a signal").not.toBeNull();
    // Its words are the Progress page's, reached from the chart's own link.
    const chart = section.locator(`.periodic-chart.compact[data-measure="${signalled}"]`);
    const words = await chart.locator("ul.signals li").allTextContents();
    expect(words.every((w) => /^(Improvement|Deterioration|Unusual variation): /.test(w))).toBe(
      true,
    );
    await screenshot(page, "school-report-progress-1280");
    await page.setViewportSize(PHONE);
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, "school-report-progress-390");
    await page.setViewportSize(DESKTOP);
    await chart.getByRole("link", { name: /Full chart on the Progress page/ }).click();
    await page.waitForURL((url) => url.pathname === "/progress");
    const full = page.locator(".periodic-chart");
    await full.locator("svg").first().waitFor();
    expect(new URL(page.url()).searchParams.get("measure")).toBe(signalled);
    // The signals' words come with the chart's data, which may arrive after the first svg.
    await expect.poll(() => full.locator("ul.signals li").allTextContents(), POLL).toEqual(words);
  });

  it("the school report says the tier and what it takes to leave it, the school's community or partner, and to the workspace's readers its plan's aim and progress", async () => {
    const runId = e.runs.at(-1)!;
    const page = await newPage();
    await signIn(page, e.baseUrl, e.emails.hubAdmin, e.password);
    // A community of practice, whose plan the hub starts (the pair's plan is the workspace walk's).
    const communities = (
      (await (await page.request.get(`${e.baseUrl}/api/runs/${runId}/communities`)).json()) as {
        rows: { community_id: string | null; school_code: string; school_level: string }[];
      }
    ).rows.filter((r) => r.community_id !== null);
    const member = communities[0];
    expect(member, "the small network has a community of practice").toBeDefined();
    const ref = {
      run_id: runId,
      kind: "community",
      school_level: member!.school_level,
      group_key: member!.community_id,
    };
    const me = (await (await page.request.get(`${e.baseUrl}/api/auth/me`)).json()) as {
      csrfToken?: string;
    };
    const created = await page.request.post(`${e.baseUrl}/api/plans`, {
      data: ref,
      headers: me.csrfToken ? { "x-csrf-token": me.csrfToken } : {},
    });
    expect([201, 409]).toContain(created.status());
    const report = (await (
      await page.request.get(`${e.baseUrl}/api/runs/${runId}/schools/${member!.school_code}/report`)
    ).json()) as {
      levels: { school_level: string; tier: string | null; exit_target: string | null }[];
    };
    const level = report.levels.find((l) => l.school_level === member!.school_level)!;
    expect(level.tier).not.toBeNull();

    await page.goto(`${e.baseUrl}/schools/${member!.school_code}`);
    const section = page.locator(`section[data-school-level="${member!.school_level}"]`);
    const support = section.getByTestId("school-support");
    await support.waitFor();
    if (level.exit_target) {
      expect(await section.getByTestId("exit-target").textContent()).toBe(
        `What it takes to leave the tier: ${level.exit_target}`,
      );
    }
    await expect
      .poll(() => support.locator("[data-support=community]").textContent(), POLL)
      .toContain("Community of practice: ");
    const plan = support.locator("[data-support=plan]");
    await plan.waitFor();
    expect(await plan.getByTestId("plan-aim").textContent()).toMatch(/^Aim: .+/);
    expect(await plan.getByTestId("plan-progress").textContent()).toMatch(
      /^Progress: (no PDSA cycle yet|\d+ PDSA cycles? started)/,
    );
    expect(
      await support.getByRole("link", { name: "Open the improvement workspace" }).count(),
    ).toBe(1);
    await section.locator(".index-card").scrollIntoViewIfNeeded();
    await screenshot(page, "school-report-support-1280");
    await page.setViewportSize(PHONE);
    await section.locator(".index-card").scrollIntoViewIfNeeded();
    await screenshot(page, "school-report-support-390");
    await page.setViewportSize(DESKTOP);
    await plan.getByRole("link").first().click();
    await page.waitForURL((url) => url.pathname.startsWith("/workspace/community/"));

    // The public: the same community, no plan and no way into the workspace.
    const visitor = await newPage();
    await visitor.goto(`${e.baseUrl}/schools/${member!.school_code}`);
    const theirs = visitor
      .locator(`section[data-school-level="${member!.school_level}"]`)
      .getByTestId("school-support");
    await theirs.locator("[data-support=community]").waitFor();
    expect(await theirs.locator("[data-support=plan]").count()).toBe(0);
    expect(
      await visitor.getByRole("link", { name: "Open the improvement workspace" }).count(),
    ).toBe(0);
  });
});
