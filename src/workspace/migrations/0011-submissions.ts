import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Submissions made in the browser (issue #18 point 1): one row per upload of a district's school
 * year, the background job that validates and loads it (`status`), who sent it and when, its
 * files (name, bytes, SHA-256, rows), and once done the validation report, the row counts and
 * what it changed against the accepted submission it replaced. JSON is kept as text (the same on
 * PGlite and PostgreSQL; the server writes and reads it whole).
 */
export const submissionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table submissions (
        id text primary key check (id ~ '^[0-9a-f]{32}$'),
        district_code text not null check (district_code ~ '^[0-9]{7}$'),
        year integer not null check (year between 1990 and 2100),
        submitted_by integer not null references users (id),
        submitted_at timestamptz not null,
        status text not null check (status in ('queued', 'validating', 'accepted', 'rejected', 'failed')),
        finished_at timestamptz,
        sha256 text,
        warehouse_submission_id text,
        replaces text,
        files text not null default '[]',
        row_counts text,
        changes text,
        report text,
        errors integer not null default 0,
        warnings integer not null default 0,
        message text not null default ''
      )`,
      "create index submissions_district_year on submissions (district_code, year, submitted_at)",
      "create index submissions_year on submissions (year, submitted_at)",
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ["drop table submissions"]);
  },
};
