import { defineConfig } from "vitest/config";

/**
 * The storage suite against a real PostgreSQL server (CI: postgres@127.0.0.1:5432, trust auth;
 * override with COLLAB_TEST_POSTGRES_URL). Each run creates and drops its own database.
 */
export default defineConfig({
  test: {
    include: ["test/postgres/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { TZ: "UTC" },
  },
});
