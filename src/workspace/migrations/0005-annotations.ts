import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/** Dated notes on a school's periodic charts (`AnnotationRepository`). */
export const annotationsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table annotations (
        id integer generated always as identity primary key,
        district_code text not null check (district_code ~ '^[0-9]{7}$'),
        school_code text not null check (school_code ~ '^[0-9]{14}$'),
        school_level text check (school_level in ('elementary', 'middle', 'high')),
        measure text check (measure ~ '^[a-z0-9_]{1,60}$'),
        note_date text not null check (note_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        text text not null check (length(trim(text)) > 0 and length(text) <= 500),
        created_by integer not null references users (id),
        created_at timestamptz not null,
        constraint annotations_school_in_district check (substr(school_code, 1, 7) = district_code)
      )`,
      "create index annotations_school_date on annotations (school_code, note_date)",
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ["drop table annotations"]);
  },
};
