import type { ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createAccount } from "../../src/accounts/create-account.ts";
import { computeYear, DEFAULT_FRAMEWORK } from "../../src/cli/compute.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openWorkspace } from "../../src/workspace/open-workspace.ts";
import { UserRepository } from "../../src/workspace/user-repository.ts";
import { onboardDistricts } from "../collaborative/onboard-districts.ts";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";
import { serve } from "./collab-serve.ts";

const env = inject("browserEnv");
const PASSWORD = "Submission walk passphrase 7";
const LEAD = "lead@d2.example.org";
const HUB = "hub@example.org";
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";

/**
 * Its own network and server (the shared one has every year loaded): two districts, 2023 loaded
 * and computed for both, 2024 for district 1 only; district 2's data lead submits 2024 in the
 * browser.
 */
async function setUp(dir: string) {
  const network = join(dir, "network");
  await generateNetwork(
    { students: 3000, districts: 2, years: [2023, 2024], seed: 11 },
    { outDir: network },
  );
  const all = discoverSubmissions(network);
  const [d1, d2] = [...new Set(all.map((s) => s.districtCode))].sort();
  const db = join(dir, "warehouse.duckdb");
  const w = await Warehouse.open(db);
  try {
    const outcomes = await ingestSubmissions(
      w,
      all.filter((s) => s.year === 2023 || s.districtCode === d1),
    );
    if (outcomes.some((o) => o.status !== "accepted")) throw new Error("setup ingest rejected");
    await computeYear(w, { year: 2023, framework: DEFAULT_FRAMEWORK, baseline: 2023 });
  } finally {
    w.close();
  }
  const workspace = join(dir, "workspace");
  const ws = await openWorkspace({ dataDir: workspace });
  try {
    await onboardDistricts(ws.db, [{ code: d1! }, { code: d2! }]);
    const users = new UserRepository(ws.db);
    await createAccount(users, {
      email: LEAD,
      displayName: "Dana Lead",
      password: PASSWORD,
      role: "district_admin",
      districtCode: d2!,
      schoolCode: null,
    });
    await createAccount(users, {
      email: HUB,
      displayName: "Hub Analyst",
      password: PASSWORD,
      role: "hub_admin",
      districtCode: null,
      schoolCode: null,
    });
  } finally {
    await ws.close();
  }
  return { db, workspace, d2: d2!, year2024: join(network, "districts", d2!, "2024") };
}

describe.skipIf(env.skip !== null)("submission in the browser (issue #18 point 1)", () => {
  let dir: string;
  let server: { child: ChildProcess; baseUrl: string };
  let setup: Awaited<ReturnType<typeof setUp>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** The year's files, one of them broken, and the same fixed. */
  let broken: string;
  let fixed: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "collab-browser-submission-"));
    setup = await setUp(dir);
    server = await serve(setup.db, setup.workspace);
    browser = await launchChromium();
    fixed = join(dir, "fixed");
    broken = join(dir, "broken");
    cpSync(setup.year2024, fixed, { recursive: true });
    cpSync(setup.year2024, broken, { recursive: true });
    // line 3 of enrollments.csv: days_enrolled "18o" (a letter o for a zero)
    const lines = readFileSync(join(broken, "enrollments.csv"), "utf8").split("\n");
    const fields = lines[2]!.split(",");
    fields[5] = "18o";
    lines[2] = fields.join(",");
    writeFileSync(join(broken, "enrollments.csv"), lines.join("\n"));
  }, 300_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    server?.child.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(email: string, viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, email, PASSWORD);
    return page;
  }
  const filesOf = (folder: string) => readdirSync(folder).map((name) => join(folder, name));
  const report = (page: Page) => page.getByRole("region", { name: "Validation report" });

  it("a data lead uploads a year with one broken file, reads the error with its line, fixes it and sees it accepted", async () => {
    const page = await open(LEAD);
    await page.goto(`${server.baseUrl}/submissions?year=2024`);
    await page.getByRole("heading", { name: `Submit district ${setup.d2}, 2023–2024` }).waitFor();
    await page.getByLabel(/Files of 2023–2024/).setInputFiles(filesOf(broken));
    await page.getByRole("button", { name: "Submit 2023–2024" }).click();
    const status = report(page).locator("h3 .status");
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe("rejected");
    const row = report(page).locator("tr", { hasText: '"18o"' }).first();
    expect(await row.locator("td").allTextContents()).toEqual([
      "3",
      "days_enrolled",
      "18o",
      expect.stringContaining("enrollments.csv line 3, column days_enrolled"),
    ]);
    expect(
      await report(page)
        .getByText(/type in enrollments\.csv: 1/)
        .count(),
    ).toBe(1);
    const csv = report(page).getByRole("link", { name: "Download the report (CSV)" });
    expect(await csv.getAttribute("href")).toMatch(
      /\/api\/submissions\/[0-9a-f]{32}\/report\.csv$/,
    );
    await screenshot(page, "submission-rejected-1280");

    // the job and its report survive a reload
    await page.reload();
    await report(page).locator("tr", { hasText: "18o" }).waitFor();

    await page.getByLabel(/Files of 2023–2024/).setInputFiles(filesOf(fixed));
    await page.getByRole("button", { name: "Submit 2023–2024" }).click();
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toBe("accepted");
    const history = page.locator("section[aria-labelledby='history'] tbody tr");
    await expect.poll(() => history.count()).toBe(2);
    expect(await history.nth(0).textContent()).toContain("accepted");
    expect(await history.nth(1).textContent()).toContain("rejected");
    expect(await history.nth(0).textContent()).toMatch(/enrollments\.csv [0-9a-f]{12} [\d,]+ rows/);
    await screenshot(page, "submission-accepted-1280");

    const phone = await open(LEAD, PHONE);
    await phone.goto(`${server.baseUrl}/submissions?year=2024`);
    await expect.poll(() => report(phone).locator("h3 .status").textContent()).toBe("accepted");
    expect(await phone.evaluate(OVERFLOW)).toBeLessThanOrEqual(0);
    await screenshot(phone, "submission-accepted-390");
  }, 240_000);

  it("the hub sees the year complete, starts the compute, publishes the run, and the district page shows the new year", async () => {
    const page = await open(HUB);
    await page.goto(`${server.baseUrl}/submissions?year=2024`);
    const statuses = page.locator("table.year-status tbody tr");
    await expect.poll(() => statuses.count()).toBe(2);
    expect(await page.getByText("Every district's 2023–2024 is accepted.").count()).toBe(1);
    await page.getByRole("button", { name: "Compute 2023–2024" }).click();
    const progress = page.getByRole("progressbar", { name: "Compute of 2023–2024" });
    await progress.waitFor();
    const publish = page.getByRole("button", { name: /^Publish run r2024-/ });
    await publish.waitFor({ timeout: 180_000 });
    await screenshot(page, "submission-hub-compute-1280");
    await publish.click();
    await page.getByText("— published").waitFor();

    const phone = await open(HUB, PHONE);
    await phone.goto(`${server.baseUrl}/submissions?year=2024`);
    await phone.locator("table.year-status tbody tr").first().waitFor();
    await screenshot(phone, "submission-hub-390");

    await page.goto(`${server.baseUrl}/districts/${setup.d2}`);
    const run = page.getByLabel("Run");
    await expect
      .poll(async () => run.locator("option:checked").textContent())
      .toBe("2023–24 (published)");
    // The schools' list (the district view's tables above it may draw first).
    const schools = page.getByRole("region", { name: "Schools by level and support tier" });
    await schools.locator("table tbody tr").first().waitFor();
    expect(await schools.locator("table caption").first().textContent()).toMatch(/, 2023–2024$/);
    await screenshot(page, "submission-district-page-1280");
  }, 300_000);
});
