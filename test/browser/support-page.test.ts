import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

// Browser-side expressions (strings: the test files are typed without the DOM library).
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";

describe.skipIf(ready === null)("the support page at network scale (issue #22 point 7)", () => {
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

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, e.baseUrl, e.emails.hubAdmin, e.password);
    return page;
  }

  const rowsOf = (page: Page) => page.locator(".tier-table tbody tr");
  /** The district column of every row shown. */
  const districtsShown = (page: Page) =>
    page.locator(".tier-table tbody tr td:nth-child(2)").allTextContents();

  it("filters by district, level and tier, with a district column, and keeps the filters in the address", async () => {
    const page = await open(DESKTOP);
    await page.goto(`${e.baseUrl}/support`);
    const status = () => page.locator(".pager-status").first().textContent();
    await rowsOf(page).first().waitFor();
    const supported = await status();
    const tier = page.getByLabel("Tier", { exact: true });
    await tier.selectOption("all");
    await page.waitForURL((url) => url.searchParams.get("tier") === "all");
    await expect.poll(status).not.toBe(supported);
    const every = await rowsOf(page).count();
    const everyStatus = await status();
    expect(new Set(await districtsShown(page)).size).toBe(2);

    const district = page.getByLabel("District", { exact: true });
    const options = await district.locator("option").allTextContents();
    const first = await district.locator("option").nth(1).getAttribute("value");
    expect(e.districts).toContain(first);
    await district.selectOption(first!);
    await page.waitForURL((url) => url.searchParams.get("district") === first);
    await expect.poll(status).not.toBe(everyStatus);
    const inDistrict = await rowsOf(page).count();
    expect(inDistrict).toBeGreaterThan(0);
    expect(inDistrict).toBeLessThan(every);
    const names = new Set(await districtsShown(page));
    expect(names.size).toBe(1);
    expect(options).toContain([...names][0]);
    for (const link of await page.locator(".tier-table tbody tr td:first-child a").all())
      expect(await link.getAttribute("href")).toMatch(new RegExp(`/schools/${first}`));

    const districtStatus = await status();
    await page.getByLabel("School level").selectOption("elementary");
    await page.waitForURL((url) => url.searchParams.get("level") === "elementary");
    const before = await page.locator(".tier-table tbody tr td:nth-child(3)").allTextContents();
    if (before.some((l) => l !== "elementary")) await expect.poll(status).not.toBe(districtStatus);
    const levels = await page.locator(".tier-table tbody tr td:nth-child(3)").allTextContents();
    expect(levels.length).toBeGreaterThan(0);
    expect(new Set(levels)).toEqual(new Set(["elementary"]));
    expect(await status()).toBe(`Schools 1–${levels.length} of ${levels.length}, page 1 of 1`);

    // A reload (or a shared link) shows the same view.
    const url = page.url();
    await page.reload();
    await rowsOf(page).first().waitFor();
    expect(page.url()).toBe(url);
    // The filters' options arrive with their own request: poll until the select shows its value.
    await expect.poll(() => page.getByLabel("District", { exact: true }).inputValue()).toBe(first);
    await expect.poll(() => page.getByLabel("School level").inputValue()).toBe("elementary");
    await expect.poll(() => page.getByLabel("Tier", { exact: true }).inputValue()).toBe("all");
    expect(await page.locator(".tier-table tbody tr td:nth-child(3)").allTextContents()).toEqual(
      levels,
    );
    await page.goto(`${e.baseUrl}/support?tier=all`);
    await rowsOf(page).first().waitFor();
    await screenshot(page, "support-1280");
  });

  it("shows no stray reason above the schools no community could take, and titles communities by their labels", async () => {
    const page = await open(DESKTOP);
    await page.goto(`${e.baseUrl}/support`);
    const cards = page.locator("section[aria-labelledby='community-title'] li.card");
    await cards.first().waitFor();
    for (const card of await cards.all()) {
      const title = (await card.locator("h3").textContent())!;
      if (title === "Schools no community could take") {
        expect(await card.locator(":scope > p.reason").count()).toBe(0);
      } else {
        expect(title).toMatch(/^Community \S+: [A-Z]/);
        expect(title).not.toMatch(/[a-z]+_[a-z]+|×/);
      }
    }
  });

  it("at 390 px: no sideways scroll, each school a card whose reason is visible", async () => {
    const page = await open(PHONE);
    await page.goto(`${e.baseUrl}/support?tier=all`);
    const card = page.locator(".tier-cards li.card").first();
    await card.waitFor();
    expect(await page.evaluate(OVERFLOW)).toBeLessThanOrEqual(0);
    expect(await page.locator(".tier-table").isVisible()).toBe(false);
    const reason = card.locator(".reason");
    expect(await reason.isVisible()).toBe(true);
    expect((await reason.textContent())!.length).toBeGreaterThan(20);
    const box = (await reason.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "support-390");
  });
});
