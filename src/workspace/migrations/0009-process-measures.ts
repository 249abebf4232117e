import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Local process measures of an improvement plan (issue #17 point 4): what a team counts itself
 * (students reached each week, calls made), each a named measure with its unit, its chart (a run
 * chart or an XmR chart) and its direction of good, for the whole plan or one of its schools; and
 * the dated values the team enters, one per measure and day (`YYYY-MM-DD`), each with who entered
 * it and when.
 */
export const processMeasuresMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table process_measures (
        id integer generated always as identity primary key,
        plan_id integer not null references plans (id) on delete cascade,
        name text not null check (length(trim(name)) between 1 and 120),
        unit text not null check (length(trim(unit)) between 1 and 40),
        chart text not null check (chart in ('run', 'xmr')),
        direction text not null check (direction in ('higher_is_better', 'lower_is_better')),
        school_code text check (school_code ~ '^[0-9]{14}$'),
        description text not null default '' check (length(description) <= 1000),
        created_by integer not null references users (id),
        created_at timestamptz not null,
        constraint process_measures_name unique (plan_id, name)
      )`,
      "create index process_measures_plan on process_measures (plan_id)",
      `create table process_measure_values (
        measure_id integer not null references process_measures (id) on delete cascade,
        value_date text not null check (value_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        value double precision not null check (value = value and abs(value) < 1e12),
        note text not null default '' check (length(note) <= 500),
        entered_by integer not null references users (id),
        entered_at timestamptz not null,
        primary key (measure_id, value_date)
      )`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ["drop table process_measure_values", "drop table process_measures"]);
  },
};
