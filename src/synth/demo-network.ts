/**
 * The synthetic network `collab start` (`npm start`) builds by default: large enough that every
 * support tier, pairing and community page shows what a network would see (on seed 1: 132 school
 * results, 9 priority schools all paired, 22 focus schools in 7 communities), small enough to
 * generate, ingest and compute three runs in about 70 seconds on a 2-core machine (120,000
 * students took 113 s).
 */
export const DEMO_NETWORK = {
  students: 80_000,
  districts: 5,
  years: "2022-2025",
  seed: 1,
} as const;
