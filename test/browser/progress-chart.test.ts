import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

interface ApiChart {
  points: { period_start: string; period_end: string; period_label: string }[];
}

/** A period as the page names it ("Feb 2025"). */
const monthName = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleString("en-US", {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });

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
    const context = await browser.newContext({ viewport: DESKTOP });
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
});
