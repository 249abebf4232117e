import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

interface ApiMeasure {
  metric: string;
  label: string;
  direction: string | null;
  value: number | null;
  level: number | null;
  band: string | null;
  suppressed: boolean;
  groups: { student_group: string; suppressed: boolean; value: number | null }[];
  growth:
    | {
        student_group: string;
        suppressed: boolean;
        ci_low: number | null;
        ci_high: number | null;
      }[]
    | null;
}
interface ApiReport {
  school: { school_name: string };
  levels: {
    school_level: string;
    index_score: number | null;
    index_level: number | null;
    index_band: string | null;
    measures: ApiMeasure[];
  }[];
}

// Browser-side expressions (strings: the test files are typed without the DOM library).
/** The focused element as "tag:label or text". */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.id ? document.querySelector('label[for="' + el.id + '"]')?.textContent : null;
  return el.tagName.toLowerCase() + ":" + (label ?? el.textContent ?? "").trim();
})()`;
const FOCUS_DOCUMENT_START = `(() => {
  const marker = document.createElement("span");
  marker.tabIndex = -1;
  document.body.prepend(marker);
  marker.focus();
})()`;
const FOCUSED_ID = "document.activeElement ? document.activeElement.id : null";
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";

/** A number as the page signs it, one decimal: "+2.1", "-3.6", "0.0" (minus sign normalised). */
function signed1(v: number): string {
  const text = Math.abs(v).toFixed(1);
  return Number(text) === 0 ? text : `${v < 0 ? "-" : "+"}${text}`;
}

/** Texts of the elements Tab reaches, in order, starting from the top of the page. */
async function tabOrder(page: Page, presses: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press("Tab");
    seen.push(await page.evaluate<string>(FOCUSED));
  }
  return seen;
}

describe.skipIf(ready === null)("web app in chromium (collab serve + web/dist)", () => {
  const e = ready!;
  let browser: Browser;
  /** A principal of school A, signed in once for the tests that read as them. */
  let page: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  /** A page in a new browser context (its own cookies), reporting uncaught page errors. */
  async function freshPage(viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const p = await context.newPage();
    p.on("pageerror", (err) => pageErrors.push(err.message));
    return p;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    page = await freshPage();
    await signIn(page, e.baseUrl, e.emails.principal, e.password);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  it("signs a principal in through the form and opens their school's report", async () => {
    const page = await freshPage();
    await signIn(page, e.baseUrl, e.emails.principal, e.password);
    expect(new URL(page.url()).pathname).toBe(`/schools/${e.schoolA}`);
    const report = (await (
      await page.request.get(`${e.baseUrl}/api/runs/${e.runs.at(-1)}/schools/${e.schoolA}/report`)
    ).json()) as ApiReport;
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe(report.school.school_name);
    await screenshot(page, "school-report-1280");
    expect(pageErrors).toEqual([]);
  });

  it("refuses a wrong password on the form and stays on the login page", async () => {
    const p = await freshPage();
    await p.goto(`${e.baseUrl}/login`);
    await p.getByLabel("Email").fill(e.emails.principal);
    await p.getByLabel("Password").fill("not the password at all");
    await p.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => p.getByRole("alert").textContent())
      .toContain("Wrong email or password");
    expect(new URL(p.url()).pathname).toBe("/login");
  });

  it("shows the index score, each measure's value and level exactly as the API returns them", async () => {
    const runId = e.runs.at(-1)!;
    const api = (await (
      await page.request.get(`${e.baseUrl}/api/runs/${runId}/schools/${e.schoolA}/report`)
    ).json()) as ApiReport;
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}`);
    const level = api.levels[0]!;
    const section = page.locator(`section[data-school-level="${level.school_level}"]`);
    await expect
      .poll(() => section.getByTestId("index-score").textContent())
      .toBe(level.index_score!.toFixed(1));
    const indexLevel = await section.getByTestId("index-level").textContent();
    expect(indexLevel).toContain(`${level.index_level}`);
    expect(indexLevel).toContain(level.index_band!);

    const shown = level.measures.filter(
      (m) => m.direction !== null && !m.suppressed && m.value !== null,
    );
    expect(shown.length).toBeGreaterThan(3);
    for (const m of shown) {
      const row = section.locator(`table.measures tr[data-metric="${m.metric}"]`).first();
      const value = (await row.getByTestId("measure-value").textContent())!.replace("−", "-");
      // The page rounds to one decimal (two for survey means); compare at that precision.
      const digits = m.metric.startsWith("sel_") ? 2 : 1;
      expect(Number.parseFloat(value), `${m.metric} shown "${value}"`).toBeCloseTo(
        m.value!,
        digits - 1,
      );
      expect(value).toContain(m.value!.toFixed(digits).replace("-", ""));
      const levelText = await row.getByTestId("measure-level").textContent();
      // A growth level below or above average whose interval includes average reads as
      // "not distinguishable from average" (issue #22 point 4).
      const all = m.growth?.find((g) => g.student_group === "ALL");
      const indistinct =
        all?.ci_low != null &&
        all.ci_high != null &&
        m.band !== "average" &&
        all.ci_low <= 0 &&
        all.ci_high >= 0;
      if (indistinct)
        expect(levelText, m.metric).toMatch(
          new RegExp(`^level ${m.level} of 10, · not distinguishable from average`),
        );
      else
        expect(levelText, m.metric).toBe(
          m.level === null ? "no level" : `level ${m.level} of 10, · ${m.band}`,
        );
    }
  });

  it("marks suppressed student groups instead of leaving them blank, and shows growth with its interval", async () => {
    const api = (await (
      await page.request.get(`${e.baseUrl}/api/runs/${e.runs.at(-1)}/schools/${e.schoolA}/report`)
    ).json()) as ApiReport;
    const level = api.levels[0]!;
    const withSuppressed = level.measures.find(
      (m) => m.direction !== null && m.groups.some((g) => g.suppressed),
    );
    expect(withSuppressed, "the synthetic school has a suppressed group").toBeDefined();
    const m = withSuppressed!;
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}`);
    const grid = page.locator(
      `section[data-school-level="${level.school_level}"] .group-grid table`,
    );
    for (const g of m.groups) {
      const cellText = await grid
        .locator(`tr[data-group="${g.student_group}"] td[data-metric="${m.metric}"]`)
        .textContent();
      if (g.suppressed) expect(cellText, g.student_group).toMatch(/suppressed/);
      else expect(cellText, g.student_group).not.toMatch(/suppressed/);
    }
    const growth = level.measures.find((x) =>
      x.growth?.some((g) => !g.suppressed && g.ci_low !== null),
    );
    if (growth) {
      await page
        .getByText(`${growth.label}: growth of every student group, with its interval`)
        .click();
      const all = growth.growth!.find((g) => g.student_group === "ALL")!;
      const row = page.locator(`table.growth[data-metric="${growth.metric}"] tr[data-group="ALL"]`);
      const text = (await row.textContent())!.replaceAll("−", "-");
      expect(text).toContain(`(${signed1(all.ci_low! * 100)} to ${signed1(all.ci_high! * 100)})`);
    }
    await screenshot(page, "school-report-groups-open-1280");
  });

  it("lets the keyboard reach the skip link, the navigation, the run picker and sign-out", async () => {
    await page.goto(`${e.baseUrl}/`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByLabel("Run").waitFor();
    await page.getByRole("link", { name: "My district" }).waitFor();
    // The app moves focus to the content after each navigation, and blurring leaves Chromium's
    // sequential-focus starting point there: once the page has settled, start the Tab walk from
    // a non-tabbable marker placed before everything else in the document.
    await page.waitForLoadState("networkidle");
    await page.evaluate(FOCUS_DOCUMENT_START);
    // The menu of a signed-in principal: Network, Districts, My district, My school, Progress,
    // Support, Workspace, Resources, Data.
    const order = await tabOrder(page, 15);
    expect(order[0]).toBe("a:Skip to content");
    for (const name of [
      "a:Network",
      "a:My district",
      "a:My school",
      "a:Support",
      "a:Resources",
      "a:Data",
      "select:Run",
      "button:Sign out",
    ]) {
      expect(order, `Tab reaches ${name} (order: ${order.join(" | ")})`).toContain(name);
    }
    // Enter on the skip link moves focus into the content.
    await page.getByRole("link", { name: "Skip to content" }).focus();
    await page.keyboard.press("Enter");
    expect(await page.evaluate(FOCUSED_ID)).toBe("main");
  });

  it("opens a measure's student groups from the keyboard", async () => {
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}`);
    const summary = page.locator("details.measure-details summary").first();
    await summary.waitFor();
    await summary.focus();
    await page.keyboard.press("Enter");
    expect(
      await page.locator("details.measure-details").first().getAttribute("open"),
    ).not.toBeNull();
  });

  it("does not let a principal open another district's student-level data: the page shows a denial and the API answers 403", async () => {
    const api = await page.request.get(`${e.baseUrl}/api/schools/${e.schoolB}/students`);
    expect(api.status()).toBe(403);
    await page.goto(`${e.baseUrl}/schools/${e.schoolB}/students`);
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("Access denied");
    expect(await page.locator("table").count()).toBe(0);
    await screenshot(page, "student-data-denied-1280");
    // The same page for the principal's own school lists its students.
    const own = await page.request.get(`${e.baseUrl}/api/schools/${e.schoolA}/students`);
    expect(own.status()).toBe(200);
    const students = ((await own.json()) as { students: unknown[] }).students.length;
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}/students`);
    await expect
      .poll(() => page.locator("table caption").textContent())
      .toContain(`${students} students`);
  });

  it("finds peers: similar schools at a higher level on the school's weakest measure", async () => {
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}/peers`);
    const select = page.getByLabel("Measure where we want to improve");
    await select.waitFor();
    const metric = await select.inputValue();
    const api = (await (
      await page.request.get(
        `${e.baseUrl}/api/runs/${e.runs.at(-1)}/schools/${e.schoolA}/peers?metric=${metric}`,
      )
    ).json()) as {
      minLevel: number;
      peers: { schoolName: string; level: number }[];
    };
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toContain(`level ${api.minLevel} or above`);
    const rows = page.locator("table tbody tr");
    if (api.peers.length === 0) {
      expect(await rows.textContent()).toContain("None of the");
    } else {
      expect(await rows.count()).toBe(api.peers.length);
      expect(await rows.first().textContent()).toContain(api.peers[0]!.schoolName);
      for (const p of api.peers) expect(p.level).toBeGreaterThanOrEqual(api.minLevel);
    }
  });

  it("shows a district admin their district's schools, sortable and filterable, and denies another district's students", async () => {
    const page = await freshPage();
    await signIn(page, e.baseUrl, e.emails.districtAdmin, e.password);
    expect(new URL(page.url()).pathname).toBe(`/districts/${e.districts[1]}`);
    // The schools' list, below the district view's own tables.
    const rows = page
      .getByRole("region", { name: "Schools by level and support tier" })
      .locator("table tbody tr");
    await rows.first().waitFor();
    const all = await rows.count();
    const api = (await (
      await page.request.get(
        `${e.baseUrl}/api/runs/${e.runs.at(-1)}/tiers?district=${e.districts[1]}`,
      )
    ).json()) as {
      schools: { index_score: number | null }[];
    };
    expect(all).toBe(api.schools.length);
    // Sorting by index score from the keyboard puts the lowest score first.
    const sort = page.getByRole("button", { name: /Index score/ });
    await sort.focus();
    await page.keyboard.press("Enter");
    expect(await page.locator("th", { has: sort }).getAttribute("aria-sort")).toBe("ascending");
    const lowest = Math.min(...api.schools.map((s) => s.index_score ?? Number.POSITIVE_INFINITY));
    expect(await rows.first().locator("td").nth(2).textContent()).toBe(lowest.toFixed(1));
    // Filtering by name narrows the list to the schools whose name matches.
    const firstName = (await rows.first().locator("td").first().textContent())!;
    await page.getByLabel("School name").fill(firstName);
    await expect.poll(() => rows.count()).toBeLessThanOrEqual(all);
    for (const text of await rows.locator("td:first-child").allTextContents())
      expect(text).toContain(firstName);
    await screenshot(page, "district-1280");
    const other = await page.request.get(`${e.baseUrl}/api/schools/${e.schoolA}/students`);
    expect(other.status()).toBe(403);
  });

  it("shows the hub the network overview, support and the runs' manifests", async () => {
    const page = await freshPage();
    await signIn(page, e.baseUrl, e.emails.hubAdmin, e.password);
    await page.goto(`${e.baseUrl}/`);
    await page.getByRole("heading", { name: "Status and growth are different things" }).waitFor();
    // Both charts drew: the index distribution and the status-vs-growth scatter.
    await page.locator('[role="img"][aria-label^="Index scores of"] svg').first().waitFor();
    await page.locator('[role="img"][aria-label^="Scatter of"] svg').first().waitFor();
    // A dot's tooltip names its school (it gave the 14-digit code).
    const titles = await page
      .locator('[role="img"][aria-label^="Index scores of"] svg title')
      .allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.filter((t) => /^\d{14}/.test(t))).toEqual([]);
    expect(titles[0]).toMatch(/^\D.* \((elementary|middle|high)\)\nindex /);
    await screenshot(page, "overview-1280");
    await page.goto(`${e.baseUrl}/support`);
    await page.getByRole("heading", { name: "Communities of practice" }).waitFor();
    await screenshot(page, "support-1280");
    // Reasons and problems are rendered for the reader from facts: measures by their labels,
    // levels as whole numbers, and no "suppressed" where a figure is withheld.
    await page.locator(".reason").first().waitFor();
    const reasons = await page.locator(".reason").allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) {
      expect(reason).not.toMatch(/suppressed/);
      expect(reason).not.toMatch(/\blevels? (of )?\d+\.\d/);
      expect(reason).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    }
    const problems = await page
      .locator("section[aria-labelledby='community-title'] h3")
      .allTextContents();
    for (const problem of problems) expect(problem).not.toMatch(/[a-z]_[a-z]/);
    const runId = e.runs.at(-1)!;
    // The hub reads suppressed results: a score withheld because the index uses a suppressed
    // group result shows a marker in its row (the level stays), every other score a number.
    const tiers = (
      (await (await page.request.get(`${e.baseUrl}/api/runs/${runId}/tiers`)).json()) as {
        schools: { index_score: number | null; index_score_suppressed: boolean }[];
      }
    ).schools;
    await page.getByLabel("Tier", { exact: true }).selectOption("all");
    const tierRows = page
      .locator("table", { has: page.locator("caption", { hasText: "Schools by support tier" }) })
      .locator("tbody tr");
    // 50 schools a page: read every page's index column (School, District, Level, Tier, Index).
    const indexCells: string[] = [];
    const next = page.getByRole("button", { name: "Next page" }).first();
    for (let shown = 0; shown < tiers.length; ) {
      const onPage = Math.min(50, tiers.length - shown);
      await expect.poll(() => tierRows.count()).toBe(onPage);
      indexCells.push(...(await tierRows.locator("td:nth-child(5)").allTextContents()));
      shown += onPage;
      if (shown < tiers.length) await next.click();
    }
    expect(indexCells.filter((t) => t === "suppressed").length).toBe(
      tiers.filter((t) => t.index_score_suppressed).length,
    );
    expect(indexCells.filter((t) => /^-?[0-9]+\.[0-9]$/.test(t)).length).toBe(
      tiers.filter((t) => t.index_score !== null).length,
    );
    const manifest = (
      (await (await page.request.get(`${e.baseUrl}/api/runs/${runId}`)).json()) as {
        manifest: { inputs: unknown[] };
      }
    ).manifest;
    await page.goto(`${e.baseUrl}/data?run=${runId}`);
    const inputs = page
      .locator("table", { has: page.locator("caption", { hasText: "Submissions the run of" }) })
      .locator("tbody tr");
    await expect.poll(() => inputs.count()).toBe(manifest.inputs.length);
    await screenshot(page, "data-1280");
    expect(pageErrors).toEqual([]);
  });

  it("shows the audit log: all of it to the hub, a district's to its admin, nothing to a principal", async () => {
    interface Entry {
      seq: number;
      outcome: string;
      district_code: string | null;
      school_code: string | null;
    }
    const read = async (p: Page, query = "") =>
      (
        (await (await p.request.get(`${e.baseUrl}/api/audit${query}`)).json()) as {
          entries: Entry[];
        }
      ).entries;
    const rows = (p: Page) => p.locator("table tbody tr");
    const firstCells = (p: Page) => rows(p).locator("td:first-child").allTextContents();
    const hub = await freshPage();
    await signIn(hub, e.baseUrl, e.emails.hubAdmin, e.password);
    const all = await read(hub);
    // Earlier tests asked for student rows, allowed and refused: both are in the log.
    expect(all.some((x) => x.outcome === "allowed")).toBe(true);
    expect(all.some((x) => x.outcome === "denied")).toBe(true);
    // The header follows the sign-in at once (it kept the signed-out header until a reload).
    await hub.getByRole("link", { name: "Audit log" }).click();
    await expect.poll(() => firstCells(hub)).toEqual(all.map((x) => String(x.seq)));
    await hub.getByLabel("Outcome").selectOption("denied");
    const denied = await read(hub, "?outcome=denied");
    await expect.poll(() => firstCells(hub)).toEqual(denied.map((x) => String(x.seq)));
    expect(
      await hub.getByRole("link", { name: /Download every matching entry/ }).getAttribute("href"),
    ).toBe("/api/audit/export?outcome=denied");
    await screenshot(hub, "audit-1280");
    const admin = await freshPage();
    await signIn(admin, e.baseUrl, e.emails.districtAdmin, e.password);
    const own = await read(admin);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((x) => x.district_code === e.districts[1])).toBe(true);
    await admin.getByRole("link", { name: "Audit log" }).click();
    await expect.poll(() => firstCells(admin)).toEqual(own.map((x) => String(x.seq)));
    await page.goto(`${e.baseUrl}/audit`);
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Access denied");
    expect(await page.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("is readable on a phone: no page wider than the screen", async () => {
    const page = await freshPage(PHONE);
    await signIn(page, e.baseUrl, e.emails.principal, e.password);
    for (const [path, name] of [
      [`/schools/${e.schoolA}`, "school-report-390"],
      ["/", "overview-390"],
      [`/districts/${e.districts[0]}`, "district-390"],
      ["/support", "support-390"],
    ] as const) {
      await page.goto(`${e.baseUrl}${path}`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await page.waitForLoadState("networkidle");
      await page
        .getByText(/^Loading/)
        .first()
        .waitFor({ state: "detached" });
      const overflow = await page.evaluate<number>(OVERFLOW);
      expect(overflow, `${path} is ${overflow}px wider than the phone`).toBeLessThanOrEqual(1);
      await screenshot(page, name);
    }
  });
});
