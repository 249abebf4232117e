import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Two-way learning between the schools of a pair or community (issue #17 point 6): each school
 * records, on a day, what it took from a partner (`took`) or gave one (`gave`), optionally naming
 * the partner and the PDSA cycle or meeting it came from. The school and the partner must be
 * schools of the plan (foreign keys to `plan_schools`). The change-idea library reads completed
 * cycles (those with a decision), newest first: an index serves that order.
 */
export const learningMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table learning_entries (
        id integer generated always as identity primary key,
        plan_id integer not null references plans (id) on delete cascade,
        school_code text not null check (school_code ~ '^[0-9]{14}$'),
        direction text not null check (direction in ('took', 'gave')),
        partner_code text check (partner_code ~ '^[0-9]{14}$'),
        entry_date text not null check (entry_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        text text not null check (length(trim(text)) > 0 and length(text) <= 4000),
        cycle_id integer references pdsa_cycles (id) on delete set null,
        meeting_id integer references meetings (id) on delete set null,
        created_by integer not null references users (id),
        created_at timestamptz not null,
        updated_at timestamptz,
        foreign key (plan_id, school_code) references plan_schools (plan_id, school_code) on delete cascade,
        foreign key (plan_id, partner_code) references plan_schools (plan_id, school_code) on delete cascade,
        constraint learning_entries_partner_not_self check (partner_code <> school_code)
      )`,
      "create index learning_entries_plan on learning_entries (plan_id, entry_date)",
      "create index pdsa_cycles_completed on pdsa_cycles (ended_at desc, id desc) where decision is not null",
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ["drop index pdsa_cycles_completed", "drop table learning_entries"]);
  },
};
