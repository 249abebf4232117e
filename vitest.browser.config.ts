import { defineConfig } from "vitest/config";

/**
 * Browser tests: a small synthetic network computed into a temp folder, `collab serve` on a free
 * port, and Debian's /usr/bin/chromium driven by playwright-core (test/browser/global-setup.ts).
 */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
    env: { TZ: "UTC" },
  },
});
