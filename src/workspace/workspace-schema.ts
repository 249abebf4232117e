import type { ColumnType, Generated, Kysely } from "kysely";
import type { AccountRole } from "../access/role.ts";

/** A timestamptz column: a Date in and out, on PGlite and PostgreSQL alike. */
type Timestamp = ColumnType<Date, Date, Date>;

/** Accounts. `email` is stored lower-cased and is unique; `public` is never a stored role. */
export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string;
  role: AccountRole;
  district_code: string | null;
  school_code: string | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

/** Signed-in sessions. `id` is the SHA-256 (hex) of the cookie token; the token itself is never stored. */
export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

/** Every login attempt, for rate limiting by email and by IP. */
export interface LoginAttemptsTable {
  id: Generated<number>;
  at: Timestamp;
  email: string;
  ip: string;
  succeeded: boolean;
}

/** Outcome of an audited access. */
export type AuditOutcome = "allowed" | "denied" | "error";

/**
 * Append-only audit of student-level access (UPDATE, DELETE and TRUNCATE are refused by triggers),
 * hash-chained: `seq` counts entries from 1, `prev_hash` is the `row_hash` of entry `seq - 1`, and
 * `row_hash` covers both and every field (`auditRowHash`).
 */
export interface AuditLogTable {
  id: Generated<number>;
  seq: number;
  prev_hash: string;
  row_hash: string;
  at: Timestamp;
  user_id: number | null;
  role: string;
  action: string;
  resource: string;
  district_code: string | null;
  school_code: string | null;
  student_count: number | null;
  student_ids_hash: string | null;
  ip: string | null;
  outcome: AuditOutcome;
}

/**
 * Publication history: the run published for a year is the latest row for that year, so going
 * back to an older run is one more row (a pointer switch) and nothing is ever overwritten.
 */
export interface PublishedRunsTable {
  id: Generated<number>;
  run_id: string;
  year: number;
  published_at: Timestamp;
  published_by: number;
}

/** The hub analyst's changes to a run's proposed pairings; the latest row per school wins. */
export interface PairingOverridesTable {
  id: Generated<number>;
  run_id: string;
  school_code: string;
  /** null removes the school's pairing. */
  partner_code: string | null;
  reason: string;
  by_user: number;
  at: Timestamp;
}

export type PlanStatus = "draft" | "active" | "closed";

/** An improvement plan for a school, usually with a partner school and a facilitator. */
export interface PlansTable {
  id: Generated<number>;
  title: string;
  district_code: string;
  school_code: string;
  partner_code: string | null;
  facilitator_id: number | null;
  run_id: string | null;
  goal: string;
  status: PlanStatus;
  created_by: number;
  created_at: Timestamp;
}

export type PdsaDecision = "adopt" | "adapt" | "abandon";

/** A Plan-Do-Study-Act cycle of a plan; `cycle_number` counts from 1 within the plan. */
export interface PdsaCyclesTable {
  id: Generated<number>;
  plan_id: number;
  cycle_number: number;
  change_idea: string;
  prediction: string;
  do_notes: string | null;
  study_notes: string | null;
  decision: PdsaDecision | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
}

/** A meeting held for a plan. */
export interface MeetingsTable {
  id: Generated<number>;
  plan_id: number;
  held_at: Timestamp;
  attendees: string;
  notes: string;
  created_by: number;
}

/**
 * A dated note on a school's periodic charts (a change made, an event): for one school level and
 * measure, or every one when null. `note_date` is a day, `YYYY-MM-DD`.
 */
export interface AnnotationsTable {
  id: Generated<number>;
  district_code: string;
  school_code: string;
  school_level: string | null;
  measure: string | null;
  note_date: string;
  text: string;
  created_by: number;
  created_at: Timestamp;
}

/** The workspace database, as Kysely sees it. */
export interface WorkspaceSchema {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  published_runs: PublishedRunsTable;
  pairing_overrides: PairingOverridesTable;
  plans: PlansTable;
  pdsa_cycles: PdsaCyclesTable;
  meetings: MeetingsTable;
  annotations: AnnotationsTable;
}

/** A Kysely instance over the workspace schema. */
export type WorkspaceDb = Kysely<WorkspaceSchema>;
