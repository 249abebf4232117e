import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, SCREENSHOTS, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null && env.pair !== null ? env : null;
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";
/** The loaded machine answers slowly: wait up to 20 s for what a request shows. */
const POLL = { timeout: 20_000, interval: 200 };
/** axe-core, injected into a page (the context bypasses the app's CSP for it). */
const AXE = readFileSync("node_modules/axe-core/axe.min.js", "utf8");
const SERIOUS_VIOLATIONS = `axe.run(document, { resultTypes: ["violations"] }).then((r) =>
  r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))`;

/** Serious or critical axe-core violations on the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(SERIOUS_VIOLATIONS);
}

let browser: Browser | undefined;
beforeAll(async () => {
  if (ready) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * The improvement loop as the people do it (issue #17): a facilitator opens a pair from the
 * support page and creates its plan from the identification; the priority school's principal
 * plans a PDSA cycle, which the plan's run chart then shows as an annotation; a meeting is
 * recorded; the plan's meetings download as a calendar.
 */
describe.skipIf(!ready)(
  "the improvement workspace, walked by a facilitator and a principal",
  () => {
    // Read only when the suite runs (describe's body runs even when it is skipped).
    const { baseUrl, password, emails, pair, runs } = ready ?? {
      baseUrl: "",
      password: "",
      emails: { facilitator: "", pairPrincipal: "", districtAdmin: "", hubAdmin: "" },
      pair: { school_code: "", partner_code: "", school_level: "" },
      runs: [],
    };
    const planPath = `/workspace/pair/${runs.at(-1)}/${pair!.school_level}/${pair!.school_code}`;

    it("lets a facilitator open a pair from the support page and create its plan from the identification", async () => {
      const context = await browser!.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.facilitator, password);
      await page.goto(`${baseUrl}/support`);
      const link = page.locator(`a[href^="${planPath}"]`);
      await link.first().click();
      await page.waitForURL((url) => url.pathname === planPath);
      await expect
        .poll(
          () => page.getByRole("heading", { name: /what the identification proposes/ }).count(),
          POLL,
        )
        .toBe(1);
      const problems = await page.locator("#draft-title ~ ol > li").count();
      expect(problems).toBeGreaterThan(0);
      await screenshot(page, "workspace-1-draft-desktop");
      await page.getByRole("button", { name: "Create the plan from the identification" }).click();
      await expect
        .poll(() => page.getByRole("heading", { name: "Driver diagram" }).count(), POLL)
        .toBe(1);
      await expect
        .poll(() => page.getByRole("note").textContent(), POLL)
        .toContain("No student names");
      expect(await page.getByText(/Facilitator: facilitator\b/).count()).toBe(1);
      // A primary driver, drawn in the diagram once saved.
      await page.getByLabel("Label", { exact: true }).fill("Families reached early in an absence");
      await page.getByRole("button", { name: "Add", exact: true }).first().click();
      await page.getByRole("button", { name: "Save diagram" }).click();
      await expect.poll(() => page.getByText("Diagram saved.").count(), POLL).toBe(1);
      expect(await page.locator("svg.driver-diagram text").allTextContents()).toContain(
        "Families reached early in an",
      );
      await screenshot(page, "workspace-2-plan-desktop");
      await context.close();
    }, 120_000);

    it("lets the priority school's principal add a PDSA cycle to the plan", async () => {
      const context = await browser!.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.pairPrincipal, password);
      await page.goto(`${baseUrl}/workspace`);
      await page.locator(`a[href^="${planPath}"]`).first().click();
      await expect
        .poll(() => page.getByRole("heading", { name: "PDSA cycles" }).count(), POLL)
        .toBe(1);
      await page
        .getByLabel("Change idea being tested")
        .fill("Call each family on day 2 of an absence");
      await page.getByLabel("Question this cycle answers").fill("Do calls bring students back?");
      await page.getByLabel("Prediction").fill("Half of the students called return within 5 days");
      await page.getByLabel("Who", { exact: true }).fill("Attendance clerk");
      await page.getByLabel("Data to collect").fill("Daily count of calls and returns");
      await page.getByLabel("Due date").fill("2026-03-01");
      await page.getByRole("button", { name: "Add cycle" }).click();
      await expect
        .poll(() => page.getByRole("heading", { name: /^Cycle 1: Call each family/ }).count(), POLL)
        .toBe(1);
      // Only the principal's own school runs the cycles this page offers to plan.
      expect(await page.getByLabel("School running it").locator("option").count()).toBe(1);
      await screenshot(page, "workspace-3-cycle-desktop");
      await context.close();
    }, 120_000);

    it("shows the principal's PDSA cycle as an annotation on the plan's run chart, at 1280 and 390 px", async () => {
      const context = await browser!.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.pairPrincipal, password);
      await page.goto(`${baseUrl}${planPath}`);
      await expect
        .poll(() => page.getByRole("heading", { name: "Evidence of progress" }).count(), POLL)
        .toBe(1);
      // The team's weekly count, three weeks of it before today's cycle.
      const evidence = page.locator("section.plan-evidence");
      await evidence.getByLabel("Name", { exact: true }).fill("Families called");
      await evidence.getByLabel("Unit", { exact: true }).fill("families");
      await evidence.getByRole("button", { name: "Add the measure" }).click();
      const chartTitle = /^Families called \(families\)/;
      await expect
        .poll(() => evidence.getByRole("heading", { name: chartTitle }).count(), POLL)
        .toBe(1);
      const day = (back: number) =>
        new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
      for (const [back, value] of [
        [21, 12],
        [14, 15],
        [7, 19],
      ] as const) {
        await evidence.getByLabel("Date", { exact: true }).fill(day(back));
        await evidence.getByLabel("Value", { exact: true }).fill(String(value));
        await evidence.getByRole("button", { name: "Save the value" }).click();
        await expect
          .poll(() => evidence.getByLabel("Value", { exact: true }).inputValue(), POLL)
          .toBe("");
      }
      const chart = evidence
        .locator("section.periodic-chart")
        .filter({ has: page.getByRole("heading", { name: chartTitle }) });
      // The cycle is a vertical mark with its label on the drawing, and a line in the notes.
      await expect
        .poll(() => chart.locator("svg text").allTextContents(), POLL)
        .toContainEqual(expect.stringMatching(/^PDSA 1: Call each family/));
      expect(await chart.locator("svg .annotation-marks line").count()).toBeGreaterThan(0);
      await expect
        .poll(() => chart.locator("ul.annotations").textContent(), POLL)
        .toContain("PDSA cycle 1 at");
      // The plan's page says in words what changed since the plan began.
      expect(await evidence.locator(".evidence-summary").textContent()).toMatch(
        /since the plan began on \d{4}-\d{2}-\d{2}/,
      );
      await chart.scrollIntoViewIfNeeded();
      await screenshot(page, "workspace-5-evidence-desktop");
      await chart.screenshot({ path: join(SCREENSHOTS, "workspace-5-chart-desktop.png") });
      await page.setViewportSize(PHONE);
      await expect
        .poll(() => chart.locator("svg text").allTextContents(), POLL)
        .toContainEqual(expect.stringMatching(/^PDSA 1: Call each family/));
      expect(await page.evaluate(OVERFLOW)).toBeLessThanOrEqual(0);
      await screenshot(page, "workspace-6-evidence-phone");
      await chart.screenshot({ path: join(SCREENSHOTS, "workspace-6-chart-phone.png") });
      await context.close();
    }, 180_000);

    it("records a meeting with attendance and a next step, and exports the calendar", async () => {
      const context = await browser!.newContext({ viewport: PHONE });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.facilitator, password);
      await page.goto(`${baseUrl}${planPath}`);
      await expect
        .poll(() => page.getByRole("heading", { name: "Meetings" }).count(), POLL)
        .toBe(1);
      await page.getByLabel("Title", { exact: true }).fill("Q3 PDSA review");
      await page.getByLabel("Protocol").selectOption("pdsa_review");
      expect(await page.getByLabel("Agenda (one item per line)").inputValue()).toContain(
        "Adopt, adapt or abandon",
      );
      const attendance = page.getByRole("group", { name: /Attendance/ }).locator("input");
      await attendance.nth(0).fill("Principal, 2 teachers");
      await attendance.nth(1).fill("Principal");
      await page.getByLabel("The meeting took place").check();
      await page.getByLabel("Notes").fill("Both schools brought their first cycle.");
      await page.getByLabel("Kind").selectOption("next_step");
      await page.getByLabel("Decision or step").fill("Share the call script");
      await page.getByLabel("Owner").fill("Partner school");
      await page.getByLabel("Due", { exact: true }).fill("2026-02-15");
      await page.getByRole("button", { name: "Add", exact: true }).last().click();
      await page.getByRole("button", { name: "Save meeting" }).click();
      await expect.poll(() => page.getByText("Meeting saved.").count(), POLL).toBe(1);
      await expect
        .poll(
          () => page.getByText("Next step: Share the call script — Partner school").count(),
          POLL,
        )
        .toBeGreaterThan(0);
      expect(await page.evaluate(OVERFLOW)).toBeLessThanOrEqual(0);
      await screenshot(page, "workspace-4-meeting-phone");
      const href = await page
        .getByRole("link", { name: /calendar \(\.ics\)/ })
        .getAttribute("href");
      const ics = await page.request.get(`${baseUrl}${href}`);
      expect(ics.status()).toBe(200);
      const text = await ics.text();
      expect(text).toContain("SUMMARY:Q3 PDSA review");
      expect(text).not.toContain("Both schools brought");
      await context.close();
    }, 120_000);

    it("lets the principal submit the plan for review and enter the month's progress score", async () => {
      const context = await browser!.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.pairPrincipal, password);
      await page.goto(`${baseUrl}${planPath}`);
      await expect
        .poll(() => page.getByRole("heading", { name: "Facilitator's review" }).count(), POLL)
        .toBe(1);
      await page
        .getByLabel("What should the facilitator look at?")
        .fill("The aim and our first cycle");
      await page.getByRole("button", { name: "Submit the plan for review" }).click();
      await expect
        .poll(
          () => page.getByText(/Submitted for review on .*The aim and our first cycle/).count(),
          POLL,
        )
        .toBe(1);
      // A principal neither assigns the facilitator nor answers the review.
      expect(await page.getByLabel("Facilitator", { exact: true }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Send the review" }).count()).toBe(0);
      await page.getByLabel("Score", { exact: true }).selectOption("2");
      await page.getByLabel("Why this score (optional)").fill("Calls running in one grade");
      await page.getByRole("button", { name: "Save the score" }).click();
      await expect.poll(() => page.getByText("Score saved.").count(), POLL).toBe(1);
      await expect
        .poll(() => page.getByText(/Latest: 2\.0 — Activity, but no changes/).count(), POLL)
        .toBe(1);
      await context.close();
    }, 120_000);

    it("lists what needs the facilitator, and lets them review the plan with comments from the keyboard", async () => {
      const context = await browser!.newContext({ viewport: DESKTOP, bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.facilitator, password);
      await page.getByRole("link", { name: "Facilitation" }).click();
      await expect
        .poll(() => page.getByRole("heading", { name: "What needs you" }).count(), POLL)
        .toBe(1);
      await expect
        .poll(
          () => page.getByRole("heading", { name: "Plans awaiting your review (1)" }).count(),
          POLL,
        )
        .toBe(1);
      // The principal's cycle was due on 1 March 2026 and has no decision.
      const overdue = page.getByRole("table", { name: /Cycles past their due date/ });
      expect(await overdue.getByRole("row", { name: /Call each family.*2026-03-01/ }).count()).toBe(
        1,
      );
      // The meeting recorded was dated next quarter: the pair has not met this one.
      const unmet = page.locator("#unmet-title ~ ul");
      expect(await unmet.locator(`a[href^="${planPath}"]`).count()).toBe(1);
      expect(await violations(page)).toEqual([]);
      await screenshot(page, "facilitation-1-queue-desktop");
      // Keyboard only: choose "Changes requested", type the comments, send.
      await page.getByLabel("Changes requested").focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("Tab");
      expect(await page.evaluate("document.activeElement.tagName")).toBe("TEXTAREA");
      await page.keyboard.type("Say by when the aim is met, and which grade the cycle covers.");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await expect
        .poll(() => page.getByText("No plan is waiting for a review.").count(), POLL)
        .toBe(1);
      await page.goto(`${baseUrl}${planPath}`);
      await expect
        .poll(
          () =>
            page
              .getByText(/Changes requested by facilitator on .*Say by when the aim is met/)
              .count(),
          POLL,
        )
        .toBe(1);
      await context.close();
    }, 120_000);

    it("shows the facilitator's list on a phone without sideways scrolling", async () => {
      const context = await browser!.newContext({ viewport: PHONE, bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.facilitator, password);
      await page.goto(`${baseUrl}/facilitation`);
      await expect
        .poll(
          () => page.getByRole("heading", { name: /PDSA cycles overdue \(\d+\)/ }).count(),
          POLL,
        )
        .toBe(1);
      expect(await page.evaluate(OVERFLOW)).toBeLessThanOrEqual(0);
      expect(await violations(page)).toEqual([]);
      await screenshot(page, "facilitation-2-queue-phone");
      await context.close();
    }, 120_000);

    it("lets the hub assign the facilitator and read the network roll-up", async () => {
      const context = await browser!.newContext({ viewport: DESKTOP, bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.hubAdmin, password);
      await page.goto(`${baseUrl}${planPath}`);
      const select = page.getByLabel("Facilitator", { exact: true });
      await expect.poll(() => select.count(), POLL).toBe(1);
      await select.selectOption({ label: "None assigned" });
      await page.getByRole("button", { name: "Assign", exact: true }).click();
      await expect.poll(() => page.getByText(/Facilitator: none assigned\./).count(), POLL).toBe(1);
      await select.selectOption({ label: "facilitator" });
      await page.getByRole("button", { name: "Assign", exact: true }).click();
      await expect.poll(() => page.getByText(/Facilitator: facilitator\./).count(), POLL).toBe(1);

      await page.getByRole("link", { name: "Roll-up" }).click();
      await expect
        .poll(() => page.getByRole("heading", { name: "Network roll-up" }).count(), POLL)
        .toBe(1);
      const teams = page.getByRole("table", { name: /Each pair's and community's work/ });
      await expect.poll(() => teams.getByRole("row").count(), POLL).toBeGreaterThan(1);
      const row = teams.getByRole("row").filter({ has: page.locator(`a[href^="${planPath}"]`) });
      // This quarter: the principal's cycle was started, none completed, no meeting held yet.
      expect(await row.getByRole("cell").allTextContents()).toEqual([
        "facilitator",
        "No",
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
      ]);
      const grid = page.getByRole("table", { name: /Monthly progress score of each team/ });
      const rollup = (await (await page.request.get(`${baseUrl}/api/network/rollup`)).json()) as {
        months: string[];
      };
      const column = rollup.months.indexOf(new Date().toISOString().slice(0, 7));
      const scores = await grid
        .getByRole("row")
        .filter({ has: page.getByRole("rowheader") })
        .first()
        .getByRole("cell")
        .allTextContents();
      expect(scores).toHaveLength(12);
      expect(scores[column], `this month's score (column ${column})`).toBe("2.0");
      expect(await violations(page)).toEqual([]);
      await screenshot(page, "facilitation-3-rollup-desktop");
      await page.setViewportSize(PHONE);
      await page.reload();
      await expect.poll(() => teams.getByRole("row").count(), POLL).toBeGreaterThan(1);
      expect(await page.evaluate(OVERFLOW)).toBeLessThanOrEqual(0);
      // The wide tables scroll inside their own regions, which the keyboard reaches.
      const region = page.getByRole("region", { name: /Monthly progress score.*scrolls sideways/ });
      await expect.poll(() => region.count(), POLL).toBe(1);
      expect(await region.getAttribute("tabindex")).toBe("0");
      await screenshot(page, "facilitation-4-rollup-phone");
      await context.close();
    }, 120_000);

    it("shows nothing of the plan to the other district's admin", async () => {
      const context = await browser!.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await signIn(page, baseUrl, emails.districtAdmin, password);
      const plans = await page.request.get(`${baseUrl}/api/plans`);
      const listed = ((await plans.json()) as { plans: { schools: { school_code: string }[] }[] })
        .plans;
      const member = [pair!.school_code, pair!.partner_code].some((c) =>
        c.startsWith(ready!.districts[1]),
      );
      if (!member) expect(listed).toEqual([]);
      await context.close();
    }, 60_000);
  },
);
