import type { Kysely, Migration } from "kysely";
import { ACCOUNT_ROLES } from "../../access/role.ts";
import { runStatements } from "./run-statements.ts";

const roleList = ACCOUNT_ROLES.map((r) => `'${r}'`).join(", ");

/** Accounts, sessions, login attempts and the append-only audit log. */
export const accountsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table users (
        id integer generated always as identity primary key,
        email text not null,
        display_name text not null,
        password_hash text not null,
        role text not null check (role in (${roleList})),
        district_code text check (district_code ~ '^[0-9]{7}$'),
        school_code text check (school_code ~ '^[0-9]{14}$'),
        created_at timestamptz not null,
        disabled_at timestamptz,
        constraint users_email_lower check (email = lower(email)),
        constraint users_school_in_district
          check (school_code is null or substr(school_code, 1, 7) = district_code),
        constraint users_role_scope check (
          (role = 'hub_admin' and district_code is null and school_code is null)
          or (role = 'district_admin' and district_code is not null and school_code is null)
          or (role = 'school_staff' and district_code is not null and school_code is not null)
          or (role in ('facilitator', 'network_member') and school_code is null)
        )
      )`,
      "create unique index users_email_key on users (email)",
      `create table sessions (
        id text primary key check (id ~ '^[0-9a-f]{64}$'),
        user_id integer not null references users (id) on delete cascade,
        csrf_token text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        last_seen_at timestamptz not null,
        ip text,
        user_agent text
      )`,
      "create index sessions_user_id on sessions (user_id)",
      "create index sessions_expires_at on sessions (expires_at)",
      `create table login_attempts (
        id integer generated always as identity primary key,
        at timestamptz not null,
        email text not null,
        ip text not null,
        succeeded boolean not null
      )`,
      "create index login_attempts_email_at on login_attempts (email, at)",
      "create index login_attempts_ip_at on login_attempts (ip, at)",
      `create table audit_log (
        id integer generated always as identity primary key,
        at timestamptz not null,
        user_id integer references users (id),
        role text not null,
        action text not null,
        resource text not null,
        district_code text,
        school_code text,
        student_count integer check (student_count >= 0),
        student_ids_hash text,
        ip text,
        outcome text not null check (outcome in ('allowed', 'denied', 'error'))
      )`,
      "create index audit_log_district_at on audit_log (district_code, at)",
      "create index audit_log_user_at on audit_log (user_id, at)",
      `create function audit_log_refuse_change() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only (% refused)', tg_op;
        end
      $$`,
      `create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function audit_log_refuse_change()`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, [
      "drop table audit_log",
      "drop function audit_log_refuse_change",
      "drop table login_attempts",
      "drop table sessions",
      "drop table users",
    ]);
  },
};
