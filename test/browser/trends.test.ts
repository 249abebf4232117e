import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

interface ApiReport {
  levels: {
    school_level: string;
    measures: {
      metric: string;
      direction: string | null;
      trend: { year: number; value: number | null }[];
    }[];
  }[];
}

describe.skipIf(ready === null)("trends (issue #22 point 3, first part)", () => {
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

  it("draws each measure's trend with every year of the run chain on its x axis and the unit on its y axis", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, e.baseUrl, e.emails.principal, e.password);
    const report = (await (
      await page.request.get(`${e.baseUrl}/api/runs/${e.runs.at(-1)}/schools/${e.schoolA}/report`)
    ).json()) as ApiReport;
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}`);
    const level = report.levels[0]!;
    const section = page.locator(`section[data-school-level="${level.school_level}"]`);
    const drawn = level.measures.filter(
      (m) => m.direction !== null && m.trend.filter((t) => t.value !== null).length >= 2,
    );
    expect(drawn.length).toBeGreaterThan(3);
    for (const m of drawn) {
      const chart = section.locator(`.trend[data-metric="${m.metric}"] svg`);
      await chart.waitFor();
      const ticks = await chart.locator('[aria-label="x-axis tick label"] text').allTextContents();
      expect(ticks, m.metric).toEqual(m.trend.map((t) => String(t.year)));
      expect(m.trend.length).toBe(e.runs.length);
      const yLabel = await chart.locator('[aria-label="y-axis label"]').textContent();
      expect(yLabel, m.metric).toMatch(
        /↑ (% of students|points from standard|growth score \(50 = typical\)|mean on the survey scale)/,
      );
    }
    const absence = section.locator('.trend[data-metric="chronic_absence"] svg');
    expect(await absence.locator('[aria-label="y-axis label"]').textContent()).toBe(
      "↑ % of students",
    );
    await section
      .locator(".trend-grid")
      .screenshot({ path: "test-artifacts/screenshots/trends-1280.png" });
    await screenshot(page, "school-report-trends-1280");
  });
});
