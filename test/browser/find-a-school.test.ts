import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

/** Words every school type shares: the typo goes into a word that tells schools apart. */
const GENERIC = /^(elementary|middle|high|school|academy|campus|k)$/i;

/** The school's name with its third letter dropped from its longest distinctive word. */
function misspell(name: string): string {
  const words = name.split(/[^A-Za-z]+/).filter((w) => w.length > 3 && !GENERIC.test(w));
  const word = words.reduce((a, b) => (b.length > a.length ? b : a));
  return name.replace(word, word.slice(0, 2) + word.slice(3));
}

describe.skipIf(ready === null)("find a school (issue #22 point 1)", () => {
  const e = ready!;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function freshPage(viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const p = await context.newPage();
    p.on("pageerror", (err) => pageErrors.push(err.message));
    return p;
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  it("finds a school by a misspelt name from the header of any page, and the keyboard opens its report", async () => {
    const page = await freshPage();
    await signIn(page, e.baseUrl, e.emails.principal, e.password);
    const { school } = (await (
      await page.request.get(`${e.baseUrl}/api/schools/${e.schoolB}`)
    ).json()) as { school: { school_name: string; district_name: string } };
    const typo = misspell(school.school_name);
    expect(typo).not.toBe(school.school_name);
    // From another page than the school's, with the keyboard only.
    await page.goto(`${e.baseUrl}/support`);
    const box = page.getByRole("combobox", { name: "Find a school" });
    await box.focus();
    await page.keyboard.type(typo);
    const list = page.getByRole("listbox", { name: "Schools found" });
    await list.waitFor();
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    const options = list.getByRole("option");
    const texts = await options.allTextContents();
    const at = texts.findIndex((t) => t.startsWith(school.school_name));
    expect(
      at,
      `"${typo}" finds ${school.school_name} (options: ${texts.join(" | ")})`,
    ).toBeGreaterThanOrEqual(0);
    // Each match shows its district and, per school level, an index level and a tier.
    expect(texts[at]).toContain(school.district_name);
    expect(texts[at]).toMatch(/level \d+ of 10|no level/);
    expect(texts[at]).toMatch(/Priority|Focus|Partner-eligible|No tier|—/);
    await screenshot(page, "search-1280");
    for (let i = 0; i <= at; i++) await page.keyboard.press("ArrowDown");
    const active = await box.getAttribute("aria-activedescendant");
    expect(await page.locator(`[id="${active}"]`).getAttribute("aria-selected")).toBe("true");
    expect(await page.locator(`[id="${active}"]`).textContent()).toContain(school.school_name);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === `/schools/${e.schoolB}`);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe(school.school_name);
    // The list closed and the box emptied once the school opened.
    expect(await box.inputValue()).toBe("");
    expect(await list.isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("says when nothing matches, and Escape closes the list, then clears the box", async () => {
    const page = await freshPage(PHONE);
    await page.goto(`${e.baseUrl}/`);
    const box = page.getByRole("combobox", { name: "Find a school" });
    await box.fill("zzqxv");
    // Said to screen readers in the box's live description, and shown under the box.
    const described = (await box.getAttribute("aria-describedby"))!;
    await expect
      .poll(() => page.locator(`[id="${described}"]`).textContent())
      .toBe("No school matches.");
    expect(await page.locator(".search-empty").textContent()).toBe("No school matches “zzqxv”.");
    await box.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await box.press("Escape");
    expect(await box.inputValue()).toBe("");
  });

  it("lists every district with its schools on the network page", async () => {
    const page = await freshPage();
    await page.goto(`${e.baseUrl}/`);
    await page.getByRole("link", { name: "Districts", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Districts and schools" }).waitFor();
    const year = (
      (await (await page.request.get(`${e.baseUrl}/api/runs/${e.runs.at(-1)}`)).json()) as {
        run: { year: number };
      }
    ).run.year;
    const { schools } = (await (
      await page.request.get(`${e.baseUrl}/api/schools?year=${year}`)
    ).json()) as { schools: { school_code: string; school_name: string; district_code: string }[] };
    for (const d of e.districts) {
      const section = page.locator(`section#district-${d}`);
      const names = await section.locator(".school-list > li > a").allTextContents();
      expect(names.sort()).toEqual(
        schools
          .filter((s) => s.district_code === d)
          .map((s) => s.school_name)
          .sort(),
      );
    }
    await screenshot(page, "districts-1280");
    await page.locator(".school-list > li > a").first().click();
    await page.waitForURL((url) => url.pathname.startsWith("/schools/"));
    expect(pageErrors).toEqual([]);
  });
});
