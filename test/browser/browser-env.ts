import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's chromium (installed by scripts/install-system-deps.sh). */
export const CHROMIUM = "/usr/bin/chromium";

/** What the global setup hands the tests: the server, accounts and schools, or why they skip. */
export type BrowserEnv =
  | { skip: string }
  | {
      skip: null;
      baseUrl: string;
      password: string;
      emails: {
        principal: string;
        districtAdmin: string;
        hubAdmin: string;
        facilitator: string;
        /** The principal of `pair`'s priority school. */
        pairPrincipal: string;
      };
      runs: string[];
      /** District 1 (the principal's) and district 2 (the district admin's). */
      districts: [string, string];
      /** The principal's school, in district 1. */
      schoolA: string;
      /** A school of district 2. */
      schoolB: string;
      /** The latest run's first pair (a priority school and its partner), if any. */
      pair: { school_code: string; partner_code: string; school_level: string } | null;
      /**
       * The school of district 1 (else of any district) with the largest planted attendance
       * improvement in the latest year (truth/planted_changes.csv): its level and the change's
       * first day.
       */
      changed: { school: string; level: string; start: string };
    };

export const SCREENSHOTS = join("test-artifacts", "screenshots");

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Launches headless chromium with the flags that work in CI containers. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** Signs in through the login form, as a person would, and waits to leave the login page. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/**
 * A signed-in API session of `email`, as the people's browsers hold one: `call(method, path, body)`
 * sends the session cookie and CSRF token, the body as JSON or, a `FormData`, as multipart, and
 * answers the status and JSON body (for setting up what a browser test then reads in the page).
 */
export async function apiSession(baseUrl: string, email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${email} failed: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const form = body instanceof FormData;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        "x-csrf-token": csrfToken,
        ...(form ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
}

/** Saves a full-page screenshot under test-artifacts/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
