/**
 * What the application's PostgreSQL role may do to each workspace table: no more than the
 * repositories do. Accounts are never deleted (the audit log refers to them); publications,
 * and overrides are only added; a plan's sections (problems, driver diagram, checklist, teams) and
 * a meeting's attendance and actions are replaced whole (delete and insert); a review is answered
 * and a month's progress score re-entered (update); a process measure's value of a day is replaced
 * or taken away; a browser submission's job is updated as it runs; the audit log is read and appended to, nothing else.
 * The role owns nothing, so it cannot TRUNCATE, ALTER (DISABLE TRIGGER), or DROP any table, and
 * is no superuser, so it cannot set `session_replication_role` to skip the append-only triggers.
 */
export const APP_ROLE_PRIVILEGES: Readonly<Record<string, readonly string[]>> = {
  users: ["select", "insert", "update"],
  sessions: ["select", "insert", "update", "delete"],
  login_attempts: ["select", "insert", "delete"],
  audit_log: ["select", "insert"],
  published_runs: ["select", "insert"],
  pairing_overrides: ["select", "insert"],
  plans: ["select", "insert", "update"],
  pdsa_cycles: ["select", "insert", "update"],
  meetings: ["select", "insert", "update"],
  plan_schools: ["select", "insert"],
  plan_problems: ["select", "insert", "delete"],
  driver_nodes: ["select", "insert", "delete"],
  driver_links: ["select", "insert", "delete"],
  plan_checklist: ["select", "insert", "update"],
  plan_team_members: ["select", "insert", "delete"],
  meeting_attendance: ["select", "insert", "delete"],
  meeting_actions: ["select", "insert", "delete"],
  annotations: ["select", "insert"],
  // A school corrects or takes back what it recorded.
  learning_entries: ["select", "insert", "update", "delete"],
  plan_reviews: ["select", "insert", "update"],
  progress_scores: ["select", "insert", "update"],
  process_measures: ["select", "insert", "update"],
  process_measure_values: ["select", "insert", "update", "delete"],
  // Shared resources: edited by their publishers; a version's download count goes up; a rating
  // is replaced by the user's next one. Nothing is deleted by the application.
  resources: ["select", "insert", "update"],
  resource_versions: ["select", "insert", "update"],
  resource_files: ["select", "insert"],
  resource_ratings: ["select", "insert", "update"],
  // Membership changes are rows added to the history; agreements are only added; an invitation
  // is used once (update); a directory profile is edited in place.
  districts: ["select", "insert", "update"],
  district_status_history: ["select", "insert"],
  data_agreements: ["select", "insert"],
  invitations: ["select", "insert", "update"],
  directory_entries: ["select", "insert", "update"],
  // A browser submission's job moves on (queued, validating, done); none is taken away.
  submissions: ["select", "insert", "update"],
  // The migrator reads these at every start to see that the schema is up to date.
  kysely_migration: ["select"],
  kysely_migration_lock: ["select"],
};

/** Thrown for a role name that is not a plain lower-case SQL identifier. */
export class InvalidRoleNameError extends Error {
  constructor(readonly value: string) {
    super(`invalid PostgreSQL role name "${value}": expected [a-z_][a-z0-9_]*`);
    this.name = "InvalidRoleNameError";
  }
}

/**
 * The statements an owner runs, once the workspace is migrated, to let `appRole` (an existing
 * login role that owns nothing) run the application: schema usage and {@link APP_ROLE_PRIVILEGES}.
 * `docs/operations.md` lists them for `collab_app`.
 */
export function postgresAppRoleGrants(appRole: string): string[] {
  if (!/^[a-z_][a-z0-9_]*$/.test(appRole)) throw new InvalidRoleNameError(appRole);
  return [
    "revoke create on schema public from public",
    `grant usage on schema public to ${appRole}`,
    ...Object.entries(APP_ROLE_PRIVILEGES).map(
      ([table, privileges]) => `grant ${privileges.join(", ")} on ${table} to ${appRole}`,
    ),
  ];
}
