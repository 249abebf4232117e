import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/** A facilitator's improvement work: plans, PDSA cycles, meetings. */
export const improvementWorkMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table plans (
        id integer generated always as identity primary key,
        title text not null check (length(trim(title)) > 0),
        district_code text not null check (district_code ~ '^[0-9]{7}$'),
        school_code text not null check (school_code ~ '^[0-9]{14}$'),
        partner_code text check (partner_code ~ '^[0-9]{14}$'),
        facilitator_id integer references users (id),
        run_id text,
        goal text not null,
        status text not null default 'draft' check (status in ('draft', 'active', 'closed')),
        created_by integer not null references users (id),
        created_at timestamptz not null,
        constraint plans_school_in_district check (substr(school_code, 1, 7) = district_code)
      )`,
      "create index plans_district_school on plans (district_code, school_code)",
      "create index plans_facilitator on plans (facilitator_id)",
      `create table pdsa_cycles (
        id integer generated always as identity primary key,
        plan_id integer not null references plans (id) on delete cascade,
        cycle_number integer not null check (cycle_number >= 1),
        change_idea text not null,
        prediction text not null,
        do_notes text,
        study_notes text,
        decision text check (decision in ('adopt', 'adapt', 'abandon')),
        started_at timestamptz not null,
        ended_at timestamptz,
        constraint pdsa_cycles_plan_number unique (plan_id, cycle_number),
        constraint pdsa_cycles_ends_after_start check (ended_at is null or ended_at >= started_at)
      )`,
      `create table meetings (
        id integer generated always as identity primary key,
        plan_id integer not null references plans (id) on delete cascade,
        held_at timestamptz not null,
        attendees text not null,
        notes text not null,
        created_by integer not null references users (id)
      )`,
      "create index meetings_plan_held on meetings (plan_id, held_at)",
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ["drop table meetings", "drop table pdsa_cycles", "drop table plans"]);
  },
};
