import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";
import { downloadText, parseCsv, tableCells } from "./table-text.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;

interface ApiStudent {
  student_id: string;
  grade: number;
  sed: boolean;
}

describe.skipIf(ready === null)("the student-level page (issue #22 point 9)", () => {
  const e = ready!;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function signedIn(who: keyof typeof e.emails, viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await signIn(page, e.baseUrl, e.emails[who], e.password);
    return page;
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  it("is headed by the school's name, filters by grade and group, and exports the rows shown through the server, audited", async () => {
    const page = await signedIn("principal");
    const school = (
      (await (await page.request.get(`${e.baseUrl}/api/schools/${e.schoolA}`)).json()) as {
        school: { school_name: string };
      }
    ).school;
    const students = (
      (await (await page.request.get(`${e.baseUrl}/api/schools/${e.schoolA}/students`)).json()) as {
        students: ApiStudent[];
      }
    ).students;
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}/students`);
    const h1 = page.locator("main h1");
    await expect.poll(() => h1.textContent(), { timeout: 20_000 }).toContain(school.school_name);
    expect(await h1.textContent()).not.toContain(e.schoolA);
    expect(await page.title()).toContain(school.school_name);
    // The legend spells the codes out.
    const legend = (await page.locator(".code-legend").textContent())!;
    expect(legend).toContain("SED: Socioeconomically disadvantaged");
    expect(legend).toContain("EO: English only");
    const table = page.locator("main table");
    await table.locator("tbody tr").first().waitFor();
    expect(await table.locator("tbody tr").count()).toBe(students.length);
    // The whole table fits 1280 px: nothing of it scrolls sideways.
    expect(
      await page.evaluate(
        "(() => { const s = document.querySelector('main .table-scroll'); return s.scrollWidth - s.clientWidth; })()",
      ),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, "students-1280");
    await page.screenshot({ path: "test-artifacts/screenshots/students-1280-top.png" });

    // A grade: only its students, as many as the API lists in it.
    const grades = [...new Set(students.map((s) => s.grade))].sort((a, b) => a - b);
    const grade = grades.at(-1)!;
    await page.getByLabel("Grade").selectOption(String(grade));
    const inGrade = students.filter((s) => s.grade === grade);
    await expect
      .poll(() => table.locator("tbody tr").count(), { timeout: 20_000 })
      .toBe(inGrade.length);
    const cells = await tableCells(table);
    const gradeColumn = cells[0]!.indexOf("Grade");
    for (const row of cells.slice(1)) expect(row[gradeColumn]).toBe(String(grade));
    expect(page.url()).toContain(`grade=${grade}`);

    // And a group: socioeconomically disadvantaged students of that grade.
    await page.locator('input[type=checkbox][data-group="SED"]').click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toContain("group=SED");
    // The address changes first; the page's render follows (a router transition).
    await expect
      .poll(() => page.locator('input[type=checkbox][data-group="SED"]').isChecked(), {
        timeout: 20_000,
      })
      .toBe(true);
    const shown = inGrade.filter((s) => s.sed).map((s) => s.student_id);
    await expect
      .poll(() => table.locator("tbody tr").count(), { timeout: 20_000 })
      .toBe(Math.max(shown.length, 1));
    const shownIds = (await tableCells(table))
      .slice(1)
      .map((r) => r[0]!)
      .filter((id) => /^\d+$/.test(id));
    expect(shownIds).toEqual(shown);

    // The export holds the rows shown; the server audits it with their number.
    const link = page.locator("a[data-download=students-export]");
    expect(await link.textContent()).toContain(`${shown.length} students`);
    const file = await downloadText(page, link);
    expect(file.name).toBe(`students-${e.schoolA}-2025.csv`);
    const rows = parseCsv(file.text);
    expect(rows[0]!.slice(0, 2)).toEqual(["Student ID", "Grade"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(shown);

    const hub = await signedIn("hubAdmin");
    const audit = (
      (await (
        await hub.request.get(`${e.baseUrl}/api/audit?resource=students_export&limit=5`)
      ).json()) as {
        entries: {
          user_email: string | null;
          outcome: string;
          school_code: string | null;
          student_count: number | null;
        }[];
      }
    ).entries;
    expect(audit[0]).toMatchObject({
      user_email: e.emails.principal,
      outcome: "allowed",
      school_code: e.schoolA,
      student_count: shown.length,
    });
  });

  it("refuses the page and its export to a reader who may not see the school's students, and audits the refusal", async () => {
    const page = await signedIn("districtAdmin");
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}/students`);
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("Access denied");
    expect(await page.locator("a[data-download=students-export]").count()).toBe(0);
    const res = await page.request.get(`${e.baseUrl}/api/schools/${e.schoolA}/students/export`);
    expect(res.status()).toBe(403);
    const hub = await signedIn("hubAdmin");
    const audit = (
      (await (
        await hub.request.get(`${e.baseUrl}/api/audit?resource=students_export&limit=1`)
      ).json()) as { entries: { user_email: string | null; outcome: string }[] }
    ).entries;
    expect(audit[0]).toMatchObject({ user_email: e.emails.districtAdmin, outcome: "denied" });
  });

  it("fits a phone", async () => {
    const page = await signedIn("principal", PHONE);
    await page.goto(`${e.baseUrl}/schools/${e.schoolA}/students`);
    await page.locator("main table tbody tr").first().waitFor();
    expect(
      await page.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, "students-390");
    await page.screenshot({ path: "test-artifacts/screenshots/students-390-top.png" });
    expect(pageErrors).toEqual([]);
  });
});
