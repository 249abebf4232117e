import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiSession, DESKTOP, launchChromium, PHONE, screenshot, signIn } from "./browser-env.ts";

const env = inject("browserEnv");
const ready = env.skip === null ? env : null;
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";
/** The loaded machine answers slowly: wait up to 20 s for what a request shows. */
const POLL = { timeout: 20_000, interval: 200 };
const PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";

/** POSTs as `email` (JSON or multipart), expecting 201 and the made resource's id. */
async function session(baseUrl: string, email: string, password: string) {
  const call = await apiSession(baseUrl, email, password);
  return async (path: string, body: FormData | object) => {
    const res = await call("POST", path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json as { id: number };
  };
}

let browser: Browser | undefined;
/** Words only the resources made here carry, so the search finds them alone. */
const WORD = `kestrel${Date.now().toString(36)}`;
beforeAll(async () => {
  if (!ready) return;
  browser = await launchChromium();
  const post = await session(ready.baseUrl, ready.emails.districtAdmin, ready.password);
  const form = new FormData();
  for (const [k, v] of Object.entries({
    title: `Attendance huddle protocol ${WORD}`,
    description: "A weekly 20-minute huddle: who crossed 10% absent, one adult per student.",
    kind: "protocol",
    notes: "As used in 2024–25",
  }))
    form.append(k, v);
  for (const m of ["chronic_absence"]) form.append("measures", m);
  for (const g of ["K", "1", "2"]) form.append("grades", g);
  form.append("student_groups", "EL");
  form.append("file", new Blob([PDF], { type: "application/pdf" }), "attendance-huddle.pdf");
  const made = await post("/api/resources", form);
  await post(`/api/resources/${made.id}/versions`, {
    url: "https://docs.example.org/huddle-v2",
    notes: "Now a shared document",
  });
  const v3 = new FormData();
  v3.append("notes", "Printable one-pager");
  v3.append("file", new Blob([PDF], { type: "application/pdf" }), "huddle-one-pager.pdf");
  await post(`/api/resources/${made.id}/versions`, v3);
  await post("/api/resources", {
    title: `Fractions assessment module ${WORD}`,
    description: "Six items on unit fractions with a scoring guide.",
    kind: "assessment_module",
    grades: ["3"],
    subjects: ["math"],
    url: "https://docs.example.org/fractions",
  });
});
afterAll(async () => {
  await browser?.close();
});

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(OVERFLOW)).toBeLessThanOrEqual(0);
}

/**
 * Issue #18 point 6: a principal searches the shared resources, opens one, rates it from the
 * keyboard and downloads its current version; the count and the rating show after a reload.
 */
describe.skipIf(!ready)("shared resources in chromium", () => {
  const { baseUrl, password, emails } = ready ?? {
    baseUrl: "",
    password: "",
    emails: { principal: "" },
  };

  it("searches, opens a resource, rates it and downloads it", async () => {
    const context = await browser!.newContext({ viewport: DESKTOP, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, baseUrl, emails.principal, password);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Resources" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Shared resources" }).waitFor();
    await page.getByLabel("Words").fill(`${WORD} attendance`);
    await page.getByRole("button", { name: "Search" }).click();
    const cards = page.locator("li.resource-card");
    await expect.poll(() => cards.count(), POLL).toBe(1);
    const card = cards.first();
    expect(await card.textContent()).toContain("Protocol");
    expect(await card.locator(".resource-tags").textContent()).toContain("Grades K, 1, 2");
    // The contributing district is named, not only coded.
    expect(await card.locator("p.muted").first().textContent()).toMatch(/^\D+ · version 3 ·/);
    // Filtering by kind with the words cleared finds the other one.
    await page.getByLabel("Words").fill(WORD);
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => cards.count(), POLL).toBe(2);
    await page.getByLabel("Kind").selectOption("assessment_module");
    await expect.poll(() => cards.count(), POLL).toBe(1);
    expect(await cards.first().textContent()).toContain("Fractions assessment module");
    await page.getByLabel("Kind").selectOption("");
    await expect.poll(() => cards.count(), POLL).toBe(2);
    await screenshot(page, "resources-list-1280");

    await page.getByRole("link", { name: `Attendance huddle protocol ${WORD}` }).click();
    await page
      .getByRole("heading", { level: 1, name: `Attendance huddle protocol ${WORD}` })
      .waitFor();
    const versions = page.locator("table tbody tr");
    expect(await versions.count()).toBe(3);
    expect(await versions.first().locator("th").textContent()).toBe("3 (current)");
    expect(await page.getByText("Not rated yet").count()).toBe(1);

    // Rate 4 stars with the keyboard: focus the first star, arrow to the fourth, Tab to Rate.
    await page.getByLabel("1 star", { exact: true }).focus();
    await page.keyboard.press("Space");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    expect(await page.getByLabel("4 stars").isChecked()).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.getByRole("status").allTextContents(), POLL)
      .toContain("Thank you: your rating is 4 of 5.");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: /^Download huddle-one-pager\.pdf \(version 3/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("huddle-one-pager.pdf");

    await page.reload();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expect
      .poll(() => page.locator(".resource-figures").textContent(), POLL)
      .toContain("1 download in all");
    expect(await page.locator(".resource-figures").textContent()).toContain(
      "Rated 4.0 of 5 (1 rating)",
    );
    expect(await versions.first().locator("td.num").textContent()).toBe("1");
    expect(await page.getByText("Your rating (now 4 of 5)").count()).toBe(1);
    // Older versions stay downloadable: version 1's file, version 2's link.
    expect(
      await versions
        .nth(2)
        .getByRole("link", { name: /attendance-huddle\.pdf/ })
        .count(),
    ).toBe(1);
    expect(
      await versions
        .nth(1)
        .getByRole("link", { name: /docs\.example\.org\/huddle-v2/ })
        .count(),
    ).toBe(1);
    await screenshot(page, "resource-detail-1280");

    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await noSidewaysScroll(page);
    await screenshot(page, "resource-detail-390");
    await page.goto(`${baseUrl}/resources?q=${WORD}`);
    await expect.poll(() => cards.count(), POLL).toBe(2);
    await noSidewaysScroll(page);
    await screenshot(page, "resources-list-390");
    await context.close();
  });

  it("links the school report's measures to the resources tagged with them", async () => {
    const context = await browser!.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await signIn(page, baseUrl, emails.principal, password);
    await page.goto(`${baseUrl}/schools/${ready!.schoolA}`);
    const links = page.getByRole("navigation", { name: "Shared resources for these measures" });
    await links.first().waitFor({ timeout: 20_000 });
    await links.first().getByRole("link", { name: "Chronic absence" }).click();
    await page.getByRole("heading", { level: 1, name: "Shared resources" }).waitFor();
    expect(new URL(page.url()).searchParams.get("measure")).toBe("chronic_absence");
    const cards = page.locator("li.resource-card");
    await expect.poll(() => cards.count(), POLL).toBeGreaterThan(0);
    for (const tags of await cards.locator(".resource-tags").allTextContents()) {
      expect(tags).toContain("Chronic absence");
    }
    await context.close();
  });

  it("shows the server's validation message under the field it names in the publish form", async () => {
    const context = await browser!.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await signIn(page, baseUrl, emails.principal, password);
    await page.goto(`${baseUrl}/resources`);
    await page.getByRole("link", { name: "Publish a resource" }).click();
    await page.getByRole("heading", { level: 1, name: "Publish a resource" }).waitFor();
    await page.getByLabel("Kind").selectOption("protocol");
    await page.getByRole("button", { name: "Publish" }).click();
    const title = page.getByLabel("Title");
    await expect.poll(() => title.getAttribute("aria-invalid"), POLL).toBe("true");
    const described = await title.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe(
      "title: a resource needs a title",
    );
    await screenshot(page, "resource-publish-error-1280");
    await title.fill(`Welcome-back talk script ${WORD}`);
    await page.getByLabel("Or a link").fill("https://docs.example.org/welcome-back");
    await page.getByLabel("Chronic absence", { exact: true }).check();
    await page.getByRole("button", { name: "Publish" }).click();
    await page
      .getByRole("heading", { level: 1, name: `Welcome-back talk script ${WORD}` })
      .waitFor();
    expect(await page.locator(".resource-tags").textContent()).toContain("Chronic absence");
    await screenshot(page, "resource-published-1280");
    await context.close();
  });
});
