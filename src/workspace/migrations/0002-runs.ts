import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/** Run publication history and the hub analyst's pairing overrides. */
export const runsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table published_runs (
        id integer generated always as identity primary key,
        run_id text not null check (length(run_id) > 0),
        year integer not null check (year between 2000 and 2100),
        published_at timestamptz not null,
        published_by integer not null references users (id)
      )`,
      "create index published_runs_year_at on published_runs (year, published_at)",
      `create table pairing_overrides (
        id integer generated always as identity primary key,
        run_id text not null,
        school_code text not null check (school_code ~ '^[0-9]{14}$'),
        partner_code text check (partner_code ~ '^[0-9]{14}$'),
        reason text not null check (length(trim(reason)) > 0),
        by_user integer not null references users (id),
        at timestamptz not null,
        constraint pairing_overrides_not_self check (partner_code is null or partner_code <> school_code)
      )`,
      "create index pairing_overrides_run_school on pairing_overrides (run_id, school_code, at)",
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ["drop table pairing_overrides", "drop table published_runs"]);
  },
};
