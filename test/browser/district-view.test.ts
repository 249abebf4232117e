import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

// Browser-side expressions (strings: the test files are typed without the DOM library).
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";

describe.skipIf(ready === null)("the district view (issue #18 points 3 and 4)", () => {
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

  async function open(viewport: { width: number; height: number }, email: string): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, e.baseUrl, email, e.password);
    return page;
  }

  it("shows the district admin every measure over the district's students with the network, peers, groups, trend, changes and its local measures", async () => {
    const d2 = e.districts[1];
    for (const [viewport, name] of [
      [DESKTOP, "district-view-1280"],
      [PHONE, "district-view-390"],
    ] as const) {
      const page = await open(viewport, e.emails.districtAdmin);
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(err.message));
      await page.goto(`${e.baseUrl}/districts/${d2}`);
      const table = page.getByRole("table", {
        name: /all students, the network and peer districts/,
      });
      await table.waitFor();
      // Rows: every measure, the local ones marked as such.
      const rows = table.locator("tbody tr");
      expect(await rows.count()).toBeGreaterThan(5);
      const local = table.locator("tbody tr", { hasText: "Severe chronic absence" });
      await expect.poll(() => local.locator(".local-badge").count()).toBe(1);
      // Network column: a percentage for chronic absence.
      const chronic = table.locator("tbody tr", { hasText: /^Chronic absence/ }).first();
      expect(await chronic.locator("td").nth(1).textContent()).toMatch(/^\d+\.\d%$/);
      // The other district is the suggested peer, shown as a column under its name.
      const view = (await (
        await page.request.get(`${e.baseUrl}/api/runs/${e.runs.at(-1)}/districts/${d2}`)
      ).json()) as { district_names: Record<string, string> };
      const peer = view.district_names[e.districts[0]!];
      expect(peer).toBeTruthy();
      expect(await table.locator("thead th").allTextContents()).toContain(peer);
      // What changed since last year: sentences with numbers.
      const changes = page.locator(".change-list li");
      expect(await changes.count()).toBeGreaterThan(0);
      expect(await changes.first().textContent()).toMatch(
        /(rose|fell|held) from .*\d.* in \d{4} to .*\d.* in \d{4}/,
      );
      // The group table and the trend chart of the chosen measure.
      await page
        .getByLabel("Measure to break down", { exact: true })
        .selectOption({ label: "Severe chronic absence (local)" });
      const groups = page.getByRole("table", {
        name: /Severe chronic absence \(local measure\) by student group/,
      });
      await groups.waitFor();
      expect(await groups.locator("tbody tr").count()).toBeGreaterThan(3);
      const chart = page.locator("figure.chart svg").first();
      await chart.waitFor();
      expect(
        await chart.locator('[aria-label="x-axis tick label"] text').allTextContents(),
      ).toEqual(["2023", "2024", "2025"]);
      // The local index.
      expect(await page.locator("p", { hasText: "Local index" }).first().textContent()).toMatch(
        /\d+\.\d of 100/,
      );
      // The schools by level and tier are still there.
      await page.getByRole("table", { name: /^Schools of / }).waitFor();
      expect(Number(await page.evaluate(OVERFLOW))).toBeLessThanOrEqual(0);
      await screenshot(page, name);
      expect(errors).toEqual([]);
    }
  });

  it("does not show another district's local measures to the public, but its school report labels them", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/districts/${e.districts[1]}`);
    const table = page.getByRole("table", { name: /all students, the network and peer districts/ });
    await table.waitFor();
    expect(await table.locator(".local-badge").count()).toBe(0);
    expect(await table.textContent()).not.toContain("Severe chronic absence");
    await page.goto(`${e.baseUrl}/schools/${e.schoolB}`);
    const section = page.locator("section.local-measures");
    await section.waitFor();
    expect(await section.locator("h2").textContent()).toMatch(/own measures$/);
    expect(await section.locator(".local-badge").count()).toBeGreaterThan(0);
    await screenshot(page, "school-report-local-measures-1280");
  });
});
