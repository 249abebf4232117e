import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Shared resources (issue #18 point 6): what districts publish for the network — a title, words,
 * a kind and tags (grades, subjects, the framework's measure and student-group ids), the
 * contributing district (null: the network hub) — with numbered versions, each a file (its bytes
 * in `resource_files`, bytea, never on the web root) or a link, downloads counted per version, and
 * one 1–5 rating per user. `search_text` holds the words and tags' labels the repository writes;
 * `search` is its English full-text vector (a generated column, so PGlite and PostgreSQL alike).
 */
export const sharedResourcesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table resources (
        id integer generated always as identity primary key,
        title text not null check (length(trim(title)) between 1 and 200),
        description text not null check (length(description) <= 4000),
        kind text not null check (kind in ('assessment_module', 'protocol', 'change_package', 'meeting_template', 'data_tool', 'other')),
        grades text[] not null default '{}',
        subjects text[] not null default '{}',
        measures text[] not null default '{}',
        student_groups text[] not null default '{}',
        district_code text check (district_code ~ '^[0-9]{7}$'),
        created_by integer not null references users (id),
        created_at timestamptz not null,
        updated_at timestamptz not null,
        search_text text not null default '',
        search tsvector generated always as (to_tsvector('english', search_text)) stored
      )`,
      `create table resource_versions (
        id integer generated always as identity primary key,
        resource_id integer not null references resources (id) on delete cascade,
        version integer not null check (version >= 1),
        url text check (url ~ '^https?://'),
        file_name text,
        content_type text,
        byte_size integer check (byte_size >= 0),
        sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
        notes text not null default '' check (length(notes) <= 2000),
        downloads integer not null default 0 check (downloads >= 0),
        created_by integer not null references users (id),
        created_at timestamptz not null,
        unique (resource_id, version),
        constraint resource_versions_file_or_link check (
          (url is null) = (file_name is not null and content_type is not null and byte_size is not null and sha256 is not null)
        )
      )`,
      `create table resource_files (
        version_id integer primary key references resource_versions (id) on delete cascade,
        bytes bytea not null
      )`,
      `create table resource_ratings (
        resource_id integer not null references resources (id) on delete cascade,
        user_id integer not null references users (id),
        stars integer not null check (stars between 1 and 5),
        rated_at timestamptz not null,
        primary key (resource_id, user_id)
      )`,
      "create index resources_search on resources using gin (search)",
      "create index resources_measures on resources using gin (measures)",
      "create index resources_updated on resources (updated_at desc, id desc)",
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, [
      "drop table resource_ratings",
      "drop table resource_files",
      "drop table resource_versions",
      "drop table resources",
    ]);
  },
};
