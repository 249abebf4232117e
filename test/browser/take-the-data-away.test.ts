import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";
import { downloadText, parseCsv, shownText, tableCells } from "./table-text.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

/** The table's CSV download, parsed, beside the table's cells as the page shows them. */
async function tableAndCsv(page: Page, table: Locator, button: Locator) {
  const shown = await tableCells(table);
  const file = await downloadText(page, button);
  return { shown, csv: parseCsv(file.text).map((r) => r.map(shownText)), name: file.name };
}

describe.skipIf(ready === null)("take the data away (issue #22 point 6)", () => {
  const e = ready!;
  let browser: Browser;
  let page: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    contexts.push(context);
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await signIn(page, e.baseUrl, e.emails.principal, e.password);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  it("a sortable table's CSV download equals the table as shown (sorted as shown, suppressed cells marked)", async () => {
    // District 2 is not the principal's: its index scores are disclosed as to any network member.
    await page.goto(`${e.baseUrl}/districts/${e.districts[1]}`);
    // The schools' list, below the district view's own tables.
    const schools = page.getByRole("region", { name: "Schools by level and support tier" });
    const table = schools.locator("table").first();
    await table.locator("tbody tr").first().waitFor();
    // The tiers arrive after the directory's names: read the table once both are in.
    await page.waitForLoadState("networkidle");
    // Sorted by index score, descending: the download keeps the order shown.
    await table.getByRole("button", { name: /Index score/ }).click();
    await table.getByRole("button", { name: /Index score/ }).click();
    const button = schools.locator(".table-tools button[data-download=csv]").first();
    const { shown, csv, name } = await tableAndCsv(page, table, button);
    expect(name).toMatch(/\.csv$/);
    expect(shown.length).toBeGreaterThan(2);
    expect(csv).toEqual(shown);
    // District 2's withheld index scores stay marked as such in the file.
    expect(csv.flat()).toContain("suppressed");
    expect(csv[0]).toEqual([
      "School",
      "Level",
      "Index score",
      "Index level",
      "Support tier",
      "Title I",
    ]);
    await screenshot(page, "data-away-district-1280");
  });

  it("a growth table's CSV download equals the table, its suppressed groups marked suppressed in every column they span", async () => {
    const runId = e.runs.at(-1)!;
    // Growth tables of schools in both districts: find one with a suppressed group.
    const schools = (
      (await (await page.request.get(`${e.baseUrl}/api/runs/${runId}/tiers`)).json()) as {
        schools: { school_code: string }[];
      }
    ).schools.map((s) => s.school_code);
    let compared = 0;
    let suppressedCells = 0;
    for (const school of schools) {
      await page.goto(`${e.baseUrl}/schools/${school}`);
      await page.locator("main h1").waitFor();
      await page.locator("main .group-grid").first().waitFor();
      const details = page.locator("details.measure-details:has(table.growth)");
      const count = await details.count();
      for (let i = 0; i < count; i++) {
        const d = details.nth(i);
        await d.locator("summary").click();
        const table = d.locator("table.growth");
        const button = d.locator(".table-tools button[data-download=csv]");
        const { shown, csv } = await tableAndCsv(page, table, button);
        expect(csv, `${school} growth table ${i}`).toEqual(shown);
        compared++;
        suppressedCells += csv.flat().filter((c) => c.startsWith("suppressed")).length;
      }
      if (compared > 0 && suppressedCells > 0) break;
    }
    expect(compared).toBeGreaterThan(0);
    expect(
      suppressedCells,
      "a suppressed growth cell was downloaded as suppressed",
    ).toBeGreaterThan(0);
  });

  it("the group grid's CSV download has a row per group and a column per measure, each level as the grid shows it, suppressed cells marked", async () => {
    await page.goto(`${e.baseUrl}/schools/${e.schoolB}`);
    const grid = page.locator(".group-grid").first();
    await grid.locator("table").waitFor();
    const { csv } = await tableAndCsv(
      page,
      grid.locator("table"),
      grid.locator(".table-tools button[data-download=csv]"),
    );
    const table = grid.locator("table");
    const headers = await table.locator("thead th").allTextContents();
    expect(csv[0]).toEqual(headers.map((h) => h.trim()));
    const rows = table.locator("tbody tr");
    expect(csv.length - 1).toBe(await rows.count());
    for (let r = 0; r < csv.length - 1; r++) {
      const cells = rows.nth(r).locator("td");
      for (let c = 0; c < (await cells.count()); c++) {
        const cell = cells.nth(c);
        const field = csv[r + 1]![c + 1]!;
        const level =
          (await cell.locator("[data-level]").count()) > 0
            ? await cell.locator("[data-level]").getAttribute("data-level")
            : null;
        const isSuppressed = (await cell.locator(".suppressed-chip").count()) > 0;
        if (level !== null) expect(field.split(" ")[0]).toBe(level);
        else if (isSuppressed) expect(field).toMatch(/^suppressed/);
        else expect(field).toMatch(/^no (level|result)$/);
      }
    }
  });

  it("a chart's image download is a PNG of the chart, and the scatter's data download has a row per dot drawn", async () => {
    await page.goto(`${e.baseUrl}/`);
    const index = page.locator("figure.chart").first();
    await index.locator("svg").first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      index.locator("button[data-download=image]").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = readFileSync(await download.path());
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // PNG width and height (IHDR): twice the chart's size on screen.
    const box = (await index.locator("[role=img] > *").first().boundingBox())!;
    expect(png.readUInt32BE(16)).toBe(Math.ceil(box.width * 2));
    expect(png.readUInt32BE(20)).toBe(Math.ceil(box.height * 2));

    const scatter = page.locator("figure.chart").nth(1);
    await scatter.locator("svg").first().waitFor();
    const dots = await scatter.locator('g[aria-label="dot"] > *').count();
    const rows = parseCsv(
      (await downloadText(page, scatter.locator("button[data-download=csv]"))).text,
    );
    expect(rows[0]!.slice(0, 3)).toEqual(["School", "School code", "School level"]);
    expect(rows.length - 1).toBe(dots);
    for (const r of rows.slice(1)) {
      expect(Number.isFinite(Number(r[3])), r.join()).toBe(true);
      expect(Number.isFinite(Number(r[4])), r.join()).toBe(true);
    }
  });

  it("the school report's history charts download the years they draw", async () => {
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}`);
    const trend = page.locator(".trend").first();
    await trend.locator("svg").first().waitFor();
    const button = trend.locator("button[data-download=csv]");
    await button.waitFor();
    const rows = parseCsv((await downloadText(page, button)).text);
    expect(rows[0]!.slice(0, 2)).toEqual(["Student group", "Year"]);
    // Every year on the chart's x axis is a row, with a value or a word for its absence.
    const ticks = (await trend.locator('g[aria-label="x-axis tick label"] text').allTextContents())
      .map((t) => t.trim())
      .filter((t) => /^\d{4}$/.test(t));
    const years = rows
      .slice(1)
      .filter((r) => r[0] === "All students")
      .map((r) => r[1]);
    expect(years).toEqual(ticks);
    for (const r of rows.slice(1))
      expect(
        Number.isFinite(Number(r[2])) || /^(suppressed|no result)$/.test(r[2]!),
        r.join(),
      ).toBe(true);
  });

  it("the school report's measures tables and index history download exactly what they show", async () => {
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}`);
    const measures = page.locator("table.measures").first();
    await measures.locator("tbody tr").first().waitFor();
    const block = page.locator(".table-block", { has: page.locator("table.measures") }).first();
    const m = await tableAndCsv(page, measures, block.locator("button[data-download=csv]"));
    expect(m.shown.length).toBeGreaterThan(2);
    expect(m.csv).toEqual(m.shown);
    // The change needed for the next levels is a column of the file, as the table says it.
    expect(m.csv[0]!.at(-1)).toBe("Change needed for the next levels");
    expect(m.csv.slice(1).some((r) => /→ level/.test(r.at(-1)!))).toBe(true);

    const history = page.locator("table.index-history-table");
    await history.locator("tbody tr").first().waitFor();
    const historyBlock = page.locator(".table-block", { has: history });
    const h = await tableAndCsv(page, history, historyBlock.locator("button[data-download=csv]"));
    expect(h.csv).toEqual(h.shown);
    expect(h.csv[0]).toEqual(["Year", "Index score", "Index level", "Support tier"]);
  });

  it("the overview's index chart downloads the dots it draws", async () => {
    const runId = e.runs.at(-1)!;
    const tiers = (
      (await (await page.request.get(`${e.baseUrl}/api/runs/${runId}/tiers`)).json()) as {
        schools: { school_code: string; index_score: number | null; index_level: number | null }[];
      }
    ).schools.filter((s) => s.index_score !== null);
    await page.goto(`${e.baseUrl}/`);
    const figure = page.locator("figure.chart").first();
    await figure.locator("svg").first().waitFor();
    const rows = parseCsv(
      (await downloadText(page, figure.locator("button[data-download=csv]"))).text,
    );
    expect(rows[0]).toEqual([
      "School",
      "School code",
      "School level",
      "Index score",
      "Index level",
    ]);
    const byCode = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(byCode.size).toBe(tiers.length);
    for (const t of tiers) {
      expect(Number(byCode.get(t.school_code)?.[3])).toBe(t.index_score);
      expect(Number(byCode.get(t.school_code)?.[4])).toBe(t.index_level);
    }
  });

  it("the Data page shows runs and submissions in words (school years, district names, accepted, rows, dates), hashes only in a details row", async () => {
    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    contexts.push(context);
    const hub = await context.newPage();
    hub.on("pageerror", (err) => pageErrors.push(err.message));
    await signIn(hub, e.baseUrl, e.emails.hubAdmin, e.password);
    const runId = e.runs.at(-1)!;
    const detail = (await (await hub.request.get(`${e.baseUrl}/api/runs/${runId}`)).json()) as {
      run: { year: number };
      submissions: {
        submission_id: string;
        district_name: string | null;
        year: number;
        sha256: string;
        replaced_at: string | null;
        row_counts: Record<string, number> | null;
      }[];
    };
    expect(detail.submissions.length).toBeGreaterThan(0);
    await hub.goto(`${e.baseUrl}/data?run=${runId}`);
    const tables = hub.locator("main table");
    const submissions = hub.locator("main table", { hasText: "Accepted" });
    await submissions.locator("tbody tr").first().waitFor();
    await hub.waitForLoadState("networkidle");
    const cells = await tableCells(submissions);
    expect(cells[0]).toEqual(["District", "School year", "Status", "Accepted", "Rows"]);
    const byName = new Map(cells.slice(1).map((r) => [`${r[0]}|${r[1]}`, r]));
    for (const s of detail.submissions) {
      const row = byName.get(`${s.district_name}|${s.year - 1}–${s.year}`);
      expect(row, `${s.district_name} ${s.year}`).toBeDefined();
      expect(row![2]).toMatch(/^accepted/);
      expect(row![3]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
      const total = Object.values(s.row_counts ?? {}).reduce((a, b) => a + b, 0);
      expect(row![4]).toBe(total.toLocaleString("en-US"));
    }
    // No identifier or hash in any table: they stay in the details row.
    const hashes = [runId, ...detail.submissions.flatMap((s) => [s.submission_id, s.sha256])];
    for (let i = 0; i < (await tables.count()); i++) {
      const text = (await tables.nth(i).textContent())!;
      for (const h of hashes) expect(text).not.toContain(h.slice(0, 12));
    }
    expect(await hub.locator("details.identifiers").textContent()).toContain(
      detail.submissions[0]!.sha256,
    );
    // Its tables download as they show.
    const { shown, csv } = await tableAndCsv(
      hub,
      submissions,
      hub.locator(".table-tools button[data-download=csv]").nth(1),
    );
    expect(csv).toEqual(shown);
    await screenshot(hub, "data-1280");
    await hub.setViewportSize(PHONE);
    expect(
      await hub.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
    ).toBeLessThanOrEqual(0);
    await screenshot(hub, "data-390");
  });

  it("the downloads fit a phone", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    contexts.push(context);
    const phone = await context.newPage();
    await signIn(phone, e.baseUrl, e.emails.principal, e.password);
    await phone.goto(`${e.baseUrl}/schools/${e.schoolA}`);
    await phone.locator(".group-grid .table-tools button").waitFor();
    expect(
      await phone.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
    ).toBeLessThanOrEqual(0);
    await screenshot(phone, "data-away-school-390");
    expect(pageErrors).toEqual([]);
  });
});
