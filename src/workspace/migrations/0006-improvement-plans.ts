import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Improvement plans of pairs and communities (issue #17): a plan belongs to a run's pair or
 * community (`kind`, `school_level`, `group_key`: the priority school's code or the community id)
 * and lists its schools; it holds problems of practice, an aim (`goal` is its "what"), a driver diagram (a DAG of nodes
 * and links), a checklist against a versioned template, how the partners work together and each
 * school's team. Calendar dates are ISO `YYYY-MM-DD` text (no time zone to shift them). PDSA cycles gain the full template, an owning school, a due date and a ramp
 * (`parent_cycle_id`); meetings gain a protocol, an agenda, attendance and decisions with owners.
 */
export const improvementPlansMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `alter table plans
        add column kind text not null default 'pair' check (kind in ('pair', 'community')),
        add column school_level text check (school_level in ('elementary', 'middle', 'high')),
        add column group_key text check (group_key is null or length(group_key) between 1 and 100),
        add column aim_metric text,
        add column aim_student_group text,
        add column aim_baseline double precision,
        add column aim_target double precision,
        add column aim_by text check (aim_by ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        add column aim_for_whom text not null default '',
        add column norms text not null default '',
        add column roles text not null default '',
        add column cadence text not null default '',
        add column checklist_template text,
        add column checklist_version integer,
        add column updated_at timestamptz`,
      `create unique index plans_run_group on plans (run_id, kind, school_level, group_key)
        where group_key is not null`,
      `create table plan_schools (
        plan_id integer not null references plans (id) on delete cascade,
        school_code text not null check (school_code ~ '^[0-9]{14}$'),
        district_code text not null check (district_code ~ '^[0-9]{7}$'),
        school_name text not null default '',
        role text not null check (role in ('priority', 'partner', 'member')),
        primary key (plan_id, school_code),
        constraint plan_schools_in_district check (substr(school_code, 1, 7) = district_code)
      )`,
      "create index plan_schools_school on plan_schools (school_code)",
      "create index plan_schools_district on plan_schools (district_code)",
      `create table plan_problems (
        plan_id integer not null references plans (id) on delete cascade,
        position integer not null check (position >= 1),
        metric text not null check (metric ~ '^[a-z0-9_]{1,60}$'),
        student_group text not null check (length(student_group) between 1 and 20),
        statement text not null,
        primary key (plan_id, position)
      )`,
      `create table driver_nodes (
        plan_id integer not null references plans (id) on delete cascade,
        node_key text not null check (node_key ~ '^[A-Za-z0-9_-]{1,40}$'),
        kind text not null check (kind in ('primary', 'secondary', 'change_idea')),
        label text not null check (length(trim(label)) > 0),
        position integer not null,
        primary key (plan_id, node_key)
      )`,
      `create table driver_links (
        plan_id integer not null,
        from_key text not null,
        to_key text not null,
        primary key (plan_id, from_key, to_key),
        foreign key (plan_id, from_key) references driver_nodes (plan_id, node_key) on delete cascade,
        foreign key (plan_id, to_key) references driver_nodes (plan_id, node_key) on delete cascade,
        constraint driver_links_not_self check (from_key <> to_key)
      )`,
      `create table plan_checklist (
        plan_id integer not null references plans (id) on delete cascade,
        item_key text not null,
        status text not null check (status in ('not_started', 'in_progress', 'in_place')),
        note text not null default '',
        primary key (plan_id, item_key)
      )`,
      `create table plan_team_members (
        id integer generated always as identity primary key,
        plan_id integer not null references plans (id) on delete cascade,
        school_code text not null check (school_code ~ '^[0-9]{14}$'),
        name text not null check (length(trim(name)) > 0),
        role_title text not null default ''
      )`,
      "create index plan_team_members_plan on plan_team_members (plan_id)",
      `alter table pdsa_cycles
        add column school_code text check (school_code ~ '^[0-9]{14}$'),
        add column title text not null default '',
        add column change_idea_key text,
        add column question text not null default '',
        add column plan_who text not null default '',
        add column plan_what text not null default '',
        add column plan_when text not null default '',
        add column plan_where text not null default '',
        add column data_to_collect text not null default '',
        add column ran_as_planned boolean,
        add column results text,
        add column due_on text check (due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        add column parent_cycle_id integer references pdsa_cycles (id) on delete set null,
        add column created_by integer references users (id)`,
      "create index pdsa_cycles_school on pdsa_cycles (school_code)",
      `alter table meetings
        add column title text not null default '',
        add column protocol text,
        add column agenda text not null default '',
        add column duration_minutes integer not null default 60 check (duration_minutes between 5 and 600),
        add column location text not null default '',
        add column held boolean not null default false`,
      `create table meeting_attendance (
        meeting_id integer not null references meetings (id) on delete cascade,
        position integer not null,
        school_code text check (school_code ~ '^[0-9]{14}$'),
        role_title text not null check (length(trim(role_title)) > 0),
        name text not null default '',
        primary key (meeting_id, position)
      )`,
      `create table meeting_actions (
        meeting_id integer not null references meetings (id) on delete cascade,
        position integer not null,
        kind text not null check (kind in ('decision', 'next_step')),
        text text not null check (length(trim(text)) > 0),
        owner text not null default '',
        due_on text check (due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        primary key (meeting_id, position)
      )`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, [
      "drop table meeting_actions",
      "drop table meeting_attendance",
      `alter table meetings drop column held, drop column location, drop column duration_minutes,
        drop column agenda, drop column protocol, drop column title`,
      "drop index pdsa_cycles_school",
      `alter table pdsa_cycles drop column created_by, drop column parent_cycle_id, drop column due_on,
        drop column results, drop column ran_as_planned, drop column data_to_collect,
        drop column plan_where, drop column plan_when, drop column plan_what, drop column plan_who,
        drop column question, drop column change_idea_key, drop column title, drop column school_code`,
      "drop table plan_team_members",
      "drop table plan_checklist",
      "drop table driver_links",
      "drop table driver_nodes",
      "drop table plan_problems",
      "drop table plan_schools",
      "drop index plans_run_group",
      `alter table plans drop column updated_at, drop column checklist_version,
        drop column checklist_template, drop column cadence, drop column roles, drop column norms,
        drop column aim_for_whom, drop column aim_by, drop column aim_target, drop column aim_baseline,
        drop column aim_student_group, drop column aim_metric,
        drop column group_key, drop column school_level, drop column kind`,
    ]);
  },
};
