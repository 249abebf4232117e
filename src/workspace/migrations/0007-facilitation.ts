import type { Kysely, Migration } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Facilitation (issue #17 point 5): a plan's reviews — the team submits the plan for review, its
 * facilitator (or the hub) answers `reviewed` or `changes_requested` with comments; at most one
 * review of a plan is open at a time — and the team's monthly self-assessed progress score on the
 * IHI 0.5–5.0 scale (half steps), one per plan and month (`YYYY-MM`).
 */
export const facilitationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `create table plan_reviews (
        id integer generated always as identity primary key,
        plan_id integer not null references plans (id) on delete cascade,
        submitted_by integer not null references users (id),
        submitted_at timestamptz not null,
        submission_note text not null default '',
        outcome text check (outcome in ('reviewed', 'changes_requested')),
        comments text not null default '',
        reviewed_by integer references users (id),
        reviewed_at timestamptz,
        constraint plan_reviews_answered check ((outcome is null) = (reviewed_at is null)),
        constraint plan_reviews_comment_on_changes check (
          outcome is distinct from 'changes_requested' or length(trim(comments)) > 0
        )
      )`,
      "create unique index plan_reviews_one_open on plan_reviews (plan_id) where outcome is null",
      "create index plan_reviews_plan on plan_reviews (plan_id, submitted_at)",
      `create table progress_scores (
        plan_id integer not null references plans (id) on delete cascade,
        month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        score double precision not null check (score between 0.5 and 5.0 and score * 2 = floor(score * 2)),
        note text not null default '',
        entered_by integer not null references users (id),
        entered_at timestamptz not null,
        primary key (plan_id, month)
      )`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ["drop table progress_scores", "drop table plan_reviews"]);
  },
};
