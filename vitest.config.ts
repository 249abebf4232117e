import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**", "test/postgres/**"],
    // Generous: two workers share the two cores of a CI machine, and several suites spawn the CLI.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // vitest's default (one less than the cores) is a single worker on a 2-core machine.
    maxWorkers: 2,
    env: { TZ: "UTC" },
  },
});
