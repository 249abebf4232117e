import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

/** axe-core, injected into each page (the context bypasses the app's CSP for it). */
const AXE = readFileSync("node_modules/axe-core/axe.min.js", "utf8");

// Browser-side expressions (strings: the test files are typed without the DOM library).
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";
const SERIOUS_VIOLATIONS = `axe.run(document, { resultTypes: ["violations"] }).then((r) =>
  r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))`;
/** The focused element's outline colour and the colour behind it (first opaque ancestor). */
const FOCUS_COLOURS = `(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let node = el.parentElement;
  let behind = "rgb(255, 255, 255)";
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== "transparent" && !bg.startsWith("rgba(0, 0, 0, 0)")) { behind = bg; break; }
    node = node.parentElement;
  }
  return { ring: style.outlineColor, width: style.outlineWidth, style: style.outlineStyle, behind };
})()`;

/** WCAG relative luminance of an "rgb(r, g, b)" colour. */
function luminance(rgb: string): number {
  const [r, g, b] = rgb
    .match(/\d+(\.\d+)?/g)!
    .slice(0, 3)
    .map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

type Who = "principal" | "hubAdmin" | "districtAdmin" | "nobody";

describe.skipIf(ready === null)("every page, at 1280 and 390 px (issue #22 point 8)", () => {
  const e = ready!;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();
  const titles = new Map<string, string>();
  const pageErrors: string[] = [];

  const PAGES: { name: string; path: string; who: Who }[] = [
    { name: "overview", path: "/", who: "principal" },
    { name: "districts", path: "/districts", who: "principal" },
    { name: "district", path: `/districts/${e?.districts[0]}`, who: "principal" },
    { name: "school-report", path: `/schools/${e?.schoolA}`, who: "principal" },
    { name: "peers", path: `/schools/${e?.schoolA}/peers`, who: "principal" },
    { name: "students", path: `/schools/${e?.schoolA}/students`, who: "principal" },
    { name: "support", path: "/support", who: "principal" },
    {
      name: "progress",
      path: `/progress?school=${e?.changed.school}&level=${e?.changed.level}`,
      who: "principal",
    },
    { name: "workspace", path: "/workspace", who: "hubAdmin" },
    { name: "library", path: "/library", who: "principal" },
    ...(e?.pair
      ? [
          {
            name: "plan",
            path: `/workspace/pair/${e.runs.at(-1)}/${e.pair.school_level}/${e.pair.school_code}`,
            who: "hubAdmin" as const,
          },
        ]
      : []),
    { name: "facilitation", path: "/facilitation", who: "hubAdmin" },
    { name: "network-rollup", path: "/network/rollup", who: "hubAdmin" },
    { name: "data", path: "/data", who: "hubAdmin" },
    { name: "audit", path: "/audit", who: "hubAdmin" },
    { name: "members", path: "/members", who: "hubAdmin" },
    { name: "directory", path: "/directory", who: "principal" },
    { name: "invite", path: "/invite#token=not-a-real-token", who: "nobody" },
    { name: "submissions", path: "/submissions", who: "hubAdmin" },
    { name: "submissions-district", path: "/submissions", who: "districtAdmin" },
    { name: "login", path: "/login", who: "nobody" },
    { name: "not-found", path: "/no-such-page", who: "principal" },
  ];

  /** One signed-in page per person and width, reused across the pages it visits. */
  async function pageFor(who: Who, width: typeof DESKTOP): Promise<Page> {
    const key = `${who}|${width.width}`;
    const known = pages.get(key);
    if (known) return known;
    const context = await browser.newContext({ viewport: width, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    if (who !== "nobody") await signIn(page, e.baseUrl, e.emails[who], e.password);
    pages.set(key, page);
    return page;
  }

  /** Opens `path` and waits until its content has settled. */
  async function open(page: Page, path: string): Promise<void> {
    await page.goto(`${e.baseUrl}${path}`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.waitForLoadState("networkidle");
    await page
      .getByText(/^Loading/)
      .first()
      .waitFor({ state: "detached", timeout: 45_000 });
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  for (const width of [DESKTOP, PHONE]) {
    for (const p of PAGES) {
      it(`${p.name} at ${width.width} px: no sideways scroll, no serious or critical axe-core violation, its own title`, async () => {
        const page = await pageFor(p.who, width);
        await open(page, p.path);
        const overflow = await page.evaluate<number>(OVERFLOW);
        expect(overflow, `${p.path} is ${overflow}px wider than the window`).toBeLessThanOrEqual(1);
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate<string[]>(SERIOUS_VIOLATIONS);
        expect(violations, p.path).toEqual([]);
        const title = await page.title();
        expect(title).toMatch(/ · District Collaborative$/);
        titles.set(`${p.name}|${width.width}`, title);
        await screenshot(page, `page-${p.name}-${width.width}`);
      });
    }
  }

  it("gives each page a title of its own", () => {
    const byPage = new Map<string, string>();
    for (const [key, title] of titles) byPage.set(key.split("|")[0]!, title);
    expect(byPage.size).toBe(PAGES.length);
    expect(new Set(byPage.values()).size, [...byPage.values()].join(" / ")).toBe(PAGES.length);
  });

  it("draws a focus ring of at least 3:1 against what is behind it, in the header and in the content", async () => {
    const page = await pageFor("principal", DESKTOP);
    await open(page, "/districts");
    for (const target of [
      page.getByRole("link", { name: "Districts", exact: true }),
      page.getByRole("combobox", { name: "Find a school" }),
      page.locator("main a").first(),
    ]) {
      await target.focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      const c = await page.evaluate<{ ring: string; width: string; style: string; behind: string }>(
        FOCUS_COLOURS,
      );
      expect(c.style).toBe("solid");
      expect(Number.parseFloat(c.width)).toBeGreaterThanOrEqual(2);
      expect(contrast(c.ring, c.behind), `${c.ring} on ${c.behind}`).toBeGreaterThanOrEqual(3);
    }
  });

  it("spells out the codes of the student table (MR, FI, NR, EO, RFEP…) before the table uses them", async () => {
    const page = await pageFor("principal", DESKTOP);
    await open(page, `/schools/${e.schoolA}/students`);
    const codes = await page
      .locator("table tbody abbr")
      .evaluateAll((els) => els.map((a) => [a.textContent, a.getAttribute("title")]));
    expect(codes.length).toBeGreaterThan(0);
    const legend = (await page.locator(".code-legend").textContent())!;
    for (const [code, title] of codes) {
      expect(title, `${code} has its meaning`).toBeTruthy();
      expect(title).not.toBe(code);
      expect(legend).toContain(`${code}: ${title}`);
    }
    // The legend comes before the table.
    expect(
      await page.evaluate<number>(
        "document.querySelector('.code-legend').compareDocumentPosition(document.querySelector('main table'))",
      ),
    ).toBe(4);
    expect(pageErrors).toEqual([]);
  });
});
