import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * The data collaborative's districts (issue #18 points 2 and 5): each district's membership
 * (`member`, `participant` — measured and benchmarked, identified only when `opted_in` —, or
 * `inactive`) with every change kept in `district_status_history`; its data-sharing agreements
 * (signed, in force from `starts_on` to `ends_on`, covering school years `first_year`–`last_year`
 * and the input tables in `data_kinds`, all of them when empty); one-time invitations that set an
 * invited account's password (only the SHA-256 of the token is stored); and the role-alike
 * directory, one opt-in profile per account.
 */
export const districtMembershipMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table districts (
        code text primary key check (code ~ '^[0-9]{7}$'),
        name text not null check (length(trim(name)) between 1 and 200),
        status text not null check (status in ('member', 'participant', 'inactive')),
        opted_in boolean not null default false,
        joined_on text not null check (joined_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      `create table district_status_history (
        id integer generated always as identity primary key,
        district_code text not null references districts (code) on delete cascade,
        status text not null check (status in ('member', 'participant', 'inactive')),
        opted_in boolean not null,
        reason text not null default '' check (length(reason) <= 500),
        changed_by integer references users (id),
        changed_at timestamptz not null
      )`,
      "create index district_status_history_district on district_status_history (district_code, id)",
      `create table data_agreements (
        id integer generated always as identity primary key,
        district_code text not null references districts (code) on delete cascade,
        signed_on text not null check (signed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        starts_on text not null check (starts_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        ends_on text not null check (ends_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and ends_on >= starts_on),
        first_year integer not null check (first_year between 1990 and 2200),
        last_year integer not null check (last_year >= first_year and last_year <= 2200),
        data_kinds text not null default '' check (length(data_kinds) <= 1000),
        recorded_by integer references users (id),
        recorded_at timestamptz not null
      )`,
      "create index data_agreements_district on data_agreements (district_code, id)",
      `create table invitations (
        id integer generated always as identity primary key,
        user_id integer not null references users (id) on delete cascade,
        token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
        created_by integer references users (id),
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      )`,
      "create index invitations_user on invitations (user_id)",
      `create table directory_entries (
        user_id integer primary key references users (id) on delete cascade,
        position text not null check (length(position) between 1 and 60),
        title text not null default '' check (length(title) <= 120),
        phone text not null default '' check (length(phone) <= 40),
        email text not null default '' check (length(email) <= 254),
        show_contact boolean not null default false,
        listed boolean not null default false,
        updated_at timestamptz not null
      )`,
      "create index directory_entries_position on directory_entries (position)",
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, [
      "drop table directory_entries",
      "drop table invitations",
      "drop table data_agreements",
      "drop table district_status_history",
      "drop table districts",
    ]);
  },
};
