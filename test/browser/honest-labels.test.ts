import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatChange } from "../../web/src/format/format-value.ts";
import { DESKTOP, launchChromium, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

interface Growth {
  student_group: string;
  level: number | null;
  ci_low: number | null;
  ci_high: number | null;
  suppressed: boolean;
}
interface Measure {
  metric: string;
  direction: string | null;
  level: number | null;
  suppressed: boolean;
  change_needed: (number | null)[];
  growth: Growth[] | null;
}
interface Report {
  levels: { school_level: string; measures: Measure[] }[];
}

/** An effect in hundredths, signed as the page writes it (minus sign normalised). */
function fx(v: number): string {
  const text = Math.abs(v * 100).toFixed(1);
  return Number(text) === 0 ? text : `${v < 0 ? "-" : "+"}${text}`;
}

const bandOf = (level: number) =>
  level <= 3 ? "below average" : level <= 7 ? "average" : "above average";

describe.skipIf(ready === null)(
  "honest growth labels and targets (issue #22 points 4 and 5)",
  () => {
    const e = ready!;
    let browser: Browser;
    let page: Page;
    const contexts: BrowserContext[] = [];
    let reports: { code: string; report: Report }[] = [];

    beforeAll(async () => {
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: DESKTOP });
      contexts.push(context);
      page = await context.newPage();
      await signIn(page, e.baseUrl, e.emails.hubAdmin, e.password);
      const runId = e.runs.at(-1)!;
      const tiers = (
        (await (await page.request.get(`${e.baseUrl}/api/runs/${runId}/tiers`)).json()) as {
          schools: { school_code: string }[];
        }
      ).schools;
      const codes = [...new Set(tiers.map((t) => t.school_code))];
      reports = await Promise.all(
        codes.map(async (code) => ({
          code,
          report: (await (
            await page.request.get(`${e.baseUrl}/api/runs/${runId}/schools/${code}/report`)
          ).json()) as Report,
        })),
      );
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
    });

    it("reads a growth level as below or above average only when its 95% interval excludes average", async () => {
      const isOpen = (g: Growth) =>
        g.level !== null &&
        g.ci_low !== null &&
        g.ci_high !== null &&
        bandOf(g.level) !== "average" &&
        g.ci_low <= 0 &&
        g.ci_high >= 0;
      const found = reports.find(({ report }) =>
        report.levels.some((l) => l.measures.some((m) => m.growth?.some(isOpen))),
      );
      expect(
        found,
        "some growth level in the band below or above has an interval across 0",
      ).toBeDefined();
      await page.goto(`${e.baseUrl}/schools/${found!.code}`);
      let checked = 0;
      let indistinct = 0;
      for (const level of found!.report.levels) {
        const section = page.locator(`section[data-school-level="${level.school_level}"]`);
        for (const m of level.measures.filter((x) => x.growth?.length)) {
          for (const g of m.growth!) {
            if (g.suppressed || g.level === null || g.ci_low === null || g.ci_high === null)
              continue;
            const cell = section
              .locator(
                `table.growth[data-metric="${m.metric}"] tr[data-group="${g.student_group}"] td`,
              )
              .last();
            const text = (await cell.textContent())!.replaceAll("−", "-");
            const band = bandOf(g.level);
            const excludes = g.ci_high < 0 || g.ci_low > 0;
            if (band !== "average" && !excludes) {
              indistinct++;
              expect(text, `${m.metric} ${g.student_group}`).toContain(
                "not distinguishable from average",
              );
              expect(text).toContain(
                `${fx(g.ci_low)} to ${fx(g.ci_high)} hundredths of a standard deviation, includes average (0)`,
              );
              expect(text).not.toMatch(/(below|above) average/);
            } else if (band !== "average") {
              expect(text, `${m.metric} ${g.student_group}`).toContain(band);
              expect(text).not.toContain("not distinguishable");
            }
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(indistinct).toBeGreaterThan(0);
      await page.locator("details.measure-details summary").first().click();
      await screenshot(page, "school-report-growth-1280");
    });

    it("shows the change needed for the next levels only as targets that read differently at the measure's precision", async () => {
      const merged = reports.find(({ report }) =>
        report.levels.some((l) =>
          l.measures.some((m) => {
            const texts = m.change_needed
              .filter((c): c is number => c !== null)
              .map((c) => formatChange(m.metric, c));
            return new Set(texts).size < texts.length;
          }),
        ),
      );
      expect(merged, "some measure has next levels whose changes read the same").toBeDefined();
      await page.goto(`${e.baseUrl}/schools/${merged!.code}`);
      let sawRange = false;
      for (const level of merged!.report.levels) {
        const section = page.locator(`section[data-school-level="${level.school_level}"]`);
        await section.waitFor();
        for (const m of level.measures.filter((x) => !x.suppressed && x.level !== null)) {
          const items = await section
            .locator(`table.measures tr[data-metric="${m.metric}"] ul.steps li:not(.muted)`)
            .allTextContents();
          const changes = items.map((t) => t.split(" → ")[0]!.split("→")[0]!.trim());
          // No two targets read the same change, and none reads as no change at all.
          expect(new Set(changes).size, `${m.metric}: ${items.join(" | ")}`).toBe(changes.length);
          expect(changes).not.toContain(formatChange(m.metric, 0));
          const expected = new Set(
            m.change_needed
              .slice(0, 10 - m.level!)
              .filter((c): c is number => c !== null)
              .map((c) => formatChange(m.metric, c))
              .filter((t) => t !== formatChange(m.metric, 0)),
          );
          expect(new Set(changes), m.metric).toEqual(expected);
          if (items.some((t) => /levels \d+–\d+/.test(t))) sawRange = true;
        }
      }
      expect(sawRange).toBe(true);
      await screenshot(page, "school-report-targets-1280");
    });
  },
);
