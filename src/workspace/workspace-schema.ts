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

/** What a plan belongs to: a run's pair (priority school and partner) or a community of practice. */
export type PlanKind = "pair" | "community";

/**
 * An improvement plan of a pair or a community (its schools in `plan_schools`); `school_code` is
 * its lead school (the pair's priority school, the community's first member); `goal` is the aim's
 * "what". Dates `YYYY-MM-DD`.
 */
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
  kind: Generated<PlanKind>;
  school_level: string | null;
  /** The pair's priority school code or the community id (with run, kind and level: unique). */
  group_key: string | null;
  aim_metric: string | null;
  aim_student_group: string | null;
  aim_baseline: number | null;
  aim_target: number | null;
  aim_by: string | null;
  aim_for_whom: Generated<string>;
  norms: Generated<string>;
  roles: Generated<string>;
  cadence: Generated<string>;
  checklist_template: string | null;
  checklist_version: number | null;
  updated_at: Timestamp | null;
}

export type PlanSchoolRole = "priority" | "partner" | "member";

/** The schools of a plan: a pair's two, a community's members. */
export interface PlanSchoolsTable {
  plan_id: number;
  school_code: string;
  district_code: string;
  school_name: Generated<string>;
  role: PlanSchoolRole;
}

/** A problem of practice: a measure × student group, in the plan's order. */
export interface PlanProblemsTable {
  plan_id: number;
  position: number;
  metric: string;
  student_group: string;
  statement: string;
}

export type DriverNodeKind = "primary" | "secondary" | "change_idea";

/** A node of a plan's driver diagram; `node_key` is stable across edits (cycles refer to it). */
export interface DriverNodesTable {
  plan_id: number;
  node_key: string;
  kind: DriverNodeKind;
  label: string;
  position: number;
}

/** A link of the driver diagram, from a node to the node it drives (change idea → secondary → primary). */
export interface DriverLinksTable {
  plan_id: number;
  from_key: string;
  to_key: string;
}

export type ChecklistStatus = "not_started" | "in_progress" | "in_place";

/** A plan's answer to one item of its checklist template. */
export interface PlanChecklistTable {
  plan_id: number;
  item_key: string;
  status: ChecklistStatus;
  note: Generated<string>;
}

/** A member of a school's team for a plan (adults: staff and teachers). */
export interface PlanTeamMembersTable {
  id: Generated<number>;
  plan_id: number;
  school_code: string;
  name: string;
  role_title: Generated<string>;
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
  school_code: string | null;
  title: Generated<string>;
  change_idea_key: string | null;
  question: Generated<string>;
  plan_who: Generated<string>;
  plan_what: Generated<string>;
  plan_when: Generated<string>;
  plan_where: Generated<string>;
  data_to_collect: Generated<string>;
  ran_as_planned: boolean | null;
  results: string | null;
  due_on: string | null;
  parent_cycle_id: number | null;
  created_by: number | null;
}

/** A meeting of a plan's schools, scheduled for `held_at` (`held` once it took place). */
export interface MeetingsTable {
  id: Generated<number>;
  plan_id: number;
  held_at: Timestamp;
  attendees: string;
  notes: string;
  created_by: number;
  title: Generated<string>;
  protocol: string | null;
  agenda: Generated<string>;
  duration_minutes: Generated<number>;
  location: Generated<string>;
  held: Generated<boolean>;
}

/** Who attended a meeting: a school (null: the hub or a facilitator) and a role. */
export interface MeetingAttendanceTable {
  meeting_id: number;
  position: number;
  school_code: string | null;
  role_title: string;
  name: Generated<string>;
}

export type MeetingActionKind = "decision" | "next_step";

/** A decision or next step of a meeting, with its owner and due date. */
export interface MeetingActionsTable {
  meeting_id: number;
  position: number;
  kind: MeetingActionKind;
  text: string;
  owner: Generated<string>;
  due_on: string | null;
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

export type LearningDirection = "took" | "gave";

/**
 * What a school of a plan took from a partner or gave one, on `entry_date` (`YYYY-MM-DD`); the
 * partner, cycle and meeting are optional.
 */
export interface LearningEntriesTable {
  id: Generated<number>;
  plan_id: number;
  school_code: string;
  direction: LearningDirection;
  partner_code: string | null;
  entry_date: string;
  text: string;
  cycle_id: number | null;
  meeting_id: number | null;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export type ReviewOutcome = "reviewed" | "changes_requested";

/** A plan submitted for its facilitator's review; `outcome` null while it awaits the review. */
export interface PlanReviewsTable {
  id: Generated<number>;
  plan_id: number;
  submitted_by: number;
  submitted_at: Timestamp;
  submission_note: Generated<string>;
  outcome: ReviewOutcome | null;
  comments: Generated<string>;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
}

/** A team's self-assessed IHI progress score (0.5–5.0) for a month `YYYY-MM`. */
export interface ProgressScoresTable {
  plan_id: number;
  month: string;
  /** Half steps from 0.5 to 5.0 (exact in double precision). */
  score: number;
  note: Generated<string>;
  entered_by: number;
  entered_at: Timestamp;
}

/** A plan's local process measure: what the team counts, its unit, chart and direction of good. */
export interface ProcessMeasuresTable {
  id: Generated<number>;
  plan_id: number;
  name: string;
  unit: string;
  chart: "run" | "xmr";
  direction: "higher_is_better" | "lower_is_better";
  /** Null: the whole plan's (every school). */
  school_code: string | null;
  description: Generated<string>;
  created_by: number;
  created_at: Timestamp;
}

/** One dated value of a process measure (`value_date` `YYYY-MM-DD`, one per day). */
export interface ProcessMeasureValuesTable {
  measure_id: number;
  value_date: string;
  value: number;
  note: Generated<string>;
  entered_by: number;
  entered_at: Timestamp;
}

/** A shared resource a district (null: the network hub) published for the network. */
export interface ResourcesTable {
  id: Generated<number>;
  title: string;
  description: string;
  kind: string;
  grades: string[];
  subjects: string[];
  measures: string[];
  student_groups: string[];
  district_code: string | null;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  search_text: string;
  /** Generated from `search_text`: never written. */
  search: ColumnType<string, never, never>;
}

/** A numbered version of a resource: a link (`url`) or a file (the other columns). */
export interface ResourceVersionsTable {
  id: Generated<number>;
  resource_id: number;
  version: number;
  url: string | null;
  file_name: string | null;
  content_type: string | null;
  byte_size: number | null;
  sha256: string | null;
  notes: Generated<string>;
  downloads: Generated<number>;
  created_by: number;
  created_at: Timestamp;
}

/** The bytes of a file version. */
export interface ResourceFilesTable {
  version_id: number;
  bytes: Uint8Array;
}

/** One user's 1–5 rating of a resource (their latest). */
export interface ResourceRatingsTable {
  resource_id: number;
  user_id: number;
  stars: number;
  rated_at: Timestamp;
}

/** The workspace database, as Kysely sees it. */
/** A district of the collaborative and its current membership (history in `district_status_history`). */
export interface DistrictsTable {
  code: string;
  name: string;
  status: "member" | "participant" | "inactive";
  opted_in: boolean;
  joined_on: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every membership a district has had, oldest first; the first row is its onboarding. */
export interface DistrictStatusHistoryTable {
  id: Generated<number>;
  district_code: string;
  status: "member" | "participant" | "inactive";
  opted_in: boolean;
  reason: string;
  changed_by: number | null;
  changed_at: Timestamp;
}

/** A district's data-sharing agreements; the latest row is the one in force. */
export interface DataAgreementsTable {
  id: Generated<number>;
  district_code: string;
  signed_on: string;
  starts_on: string;
  ends_on: string;
  first_year: number;
  last_year: number;
  /** Input table names separated by commas; empty means every table of the input format. */
  data_kinds: string;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

/** One-time invitations: `token_hash` is the SHA-256 (hex) of the token; the token is never stored. */
export interface InvitationsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** A person's role-alike directory profile; shown only when `listed`, contact only when `show_contact`. */
export interface DirectoryEntriesTable {
  user_id: number;
  position: string;
  title: string;
  phone: string;
  email: string;
  show_contact: boolean;
  listed: boolean;
  updated_at: Timestamp;
}

/** A submission made in the browser and its background job (JSON columns are text). */
export interface SubmissionsTable {
  id: string;
  district_code: string;
  year: number;
  submitted_by: number;
  submitted_at: Timestamp;
  status: "queued" | "validating" | "accepted" | "rejected" | "failed";
  finished_at: Timestamp | null;
  sha256: string | null;
  warehouse_submission_id: string | null;
  replaces: string | null;
  files: Generated<string>;
  row_counts: string | null;
  changes: string | null;
  report: string | null;
  errors: Generated<number>;
  warnings: Generated<number>;
  message: Generated<string>;
}

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
  plan_schools: PlanSchoolsTable;
  plan_problems: PlanProblemsTable;
  driver_nodes: DriverNodesTable;
  driver_links: DriverLinksTable;
  plan_checklist: PlanChecklistTable;
  plan_team_members: PlanTeamMembersTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_actions: MeetingActionsTable;
  annotations: AnnotationsTable;
  learning_entries: LearningEntriesTable;
  plan_reviews: PlanReviewsTable;
  progress_scores: ProgressScoresTable;
  process_measures: ProcessMeasuresTable;
  process_measure_values: ProcessMeasureValuesTable;
  resources: ResourcesTable;
  resource_versions: ResourceVersionsTable;
  resource_files: ResourceFilesTable;
  resource_ratings: ResourceRatingsTable;
  districts: DistrictsTable;
  district_status_history: DistrictStatusHistoryTable;
  data_agreements: DataAgreementsTable;
  invitations: InvitationsTable;
  directory_entries: DirectoryEntriesTable;
  submissions: SubmissionsTable;
}

/** A Kysely instance over the workspace schema. */
export type WorkspaceDb = Kysely<WorkspaceSchema>;
