import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

interface TierRow {
  school_code: string;
  school_level: string;
  tier: string;
  triggers: { group: string; cells: { student_group: string; metric: string }[] }[];
}
interface ApiReport {
  levels: {
    school_level: string;
    measures: {
      metric: string;
      direction: string | null;
      groups: {
        student_group: string;
        suppressed: boolean;
        level: number | null;
        n: number | null;
      }[];
    }[];
  }[];
}

describe.skipIf(ready === null)("student groups at a glance (issue #22 point 2)", () => {
  const e = ready!;
  let browser: Browser;
  let page: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await signIn(page, e.baseUrl, e.emails.hubAdmin, e.password);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  it("shows one group × measure grid whose cells are the API's levels, suppressed cells marked, and marks the groups and results behind the school's tier", async () => {
    const runId = e.runs.at(-1)!;
    const tiers = (
      (await (await page.request.get(`${e.baseUrl}/api/runs/${runId}/tiers`)).json()) as {
        schools: TierRow[];
      }
    ).schools;
    const school = tiers.find((t) => t.triggers.length > 0);
    expect(school, "the synthetic network has a school in focus for a student group").toBeDefined();
    const s = school!;
    const report = (await (
      await page.request.get(`${e.baseUrl}/api/runs/${runId}/schools/${s.school_code}/report`)
    ).json()) as ApiReport;
    const level = report.levels.find((l) => l.school_level === s.school_level)!;
    await page.goto(`${e.baseUrl}/schools/${s.school_code}`);
    const grid = page.locator(`section[data-school-level="${s.school_level}"] .group-grid table`);
    await grid.waitFor();
    // Every cell shows the level the API gives, or is marked suppressed.
    const measures = level.measures.filter((m) => m.direction !== null);
    for (const m of measures) {
      for (const g of m.groups) {
        const cell = grid.locator(
          `tr[data-group="${g.student_group}"] td[data-metric="${m.metric}"]`,
        );
        const text = (await cell.textContent())!;
        if (g.suppressed) expect(text, `${g.student_group} ${m.metric}`).toContain("suppressed");
        else if (g.level !== null)
          expect(text, `${g.student_group} ${m.metric}`).toMatch(
            new RegExp(`^${g.level}.*level ${g.level} of 10`),
          );
      }
    }
    // The tier's results are marked, and nothing else is.
    const expected = new Set(
      s.triggers.flatMap((t) => t.cells.map((c) => `${c.student_group}|${c.metric}`)),
    );
    const marked = await grid
      .locator('td[data-trigger="true"]')
      .evaluateAll((cells) =>
        cells.map(
          (c) => `${c.closest("tr")!.getAttribute("data-group")}|${c.getAttribute("data-metric")}`,
        ),
      );
    expect(new Set(marked)).toEqual(expected);
    const groups = new Set(s.triggers.flatMap((t) => t.cells.map((c) => c.student_group)));
    const markedRows = await grid
      .locator('tr[data-triggered="true"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-group")));
    expect(new Set(markedRows)).toEqual(groups);
    const [first] = [...expected];
    const [group, metric] = first!.split("|");
    const cell = grid.locator(`tr[data-group="${group}"] td[data-metric="${metric}"]`);
    expect(await cell.textContent()).toContain(`a reason for the school's ${s.tier} tier`);
    expect(await grid.locator("caption").textContent()).toContain(
      `▲ marks what put the school in ${s.tier} tier`,
    );
    await screenshot(page, "school-report-grid-1280");
    expect(pageErrors).toEqual([]);
  });

  it("is one tab stop whose arrow keys move from cell to cell, showing each cell's value", async () => {
    const grid = page.locator(".group-grid table").first();
    const cells = grid.locator("td[tabindex]");
    const tabbable = await grid.locator('td[tabindex="0"]').count();
    expect(tabbable).toBe(1);
    await grid.locator('td[tabindex="0"]').focus();
    const detail = page.locator(".grid-detail").first();
    expect(await detail.textContent()).toMatch(/^All students · /);
    await page.keyboard.press("ArrowRight");
    const focused = await page.evaluate("document.activeElement.getAttribute('data-cell')");
    expect(focused).toBe("0-1");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate("document.activeElement.getAttribute('data-cell')")).toBe("1-1");
    expect(await detail.textContent()).not.toMatch(/^All students · /);
    await page.keyboard.press("End");
    const last = (await grid.locator("thead th").count()) - 2;
    expect(await page.evaluate("document.activeElement.getAttribute('data-cell')")).toBe(
      `1-${last}`,
    );
    expect(await cells.count()).toBeGreaterThan(10);
  });
});
