import { type Migration, type MigrationResult, Migrator, NO_MIGRATIONS } from "kysely";
import { accountsMigration } from "./migrations/0001-accounts.ts";
import { runsMigration } from "./migrations/0002-runs.ts";
import { improvementWorkMigration } from "./migrations/0003-improvement-work.ts";
import { auditChainMigration } from "./migrations/0004-audit-chain.ts";
import { annotationsMigration } from "./migrations/0005-annotations.ts";
import { improvementPlansMigration } from "./migrations/0006-improvement-plans.ts";
import { facilitationMigration } from "./migrations/0007-facilitation.ts";
import { learningMigration } from "./migrations/0008-learning.ts";
import { processMeasuresMigration } from "./migrations/0009-process-measures.ts";
import { workspaceIndexesMigration } from "./migrations/0010-workspace-indexes.ts";
import { submissionsMigration } from "./migrations/0011-submissions.ts";
import { districtMembershipMigration } from "./migrations/0012-district-membership.ts";
import { sharedResourcesMigration } from "./migrations/0013-shared-resources.ts";
import { readPathIndexesMigration } from "./migrations/0014-read-path-indexes.ts";
import type { WorkspaceDb } from "./workspace-schema.ts";

/** Every workspace migration, in order. Names sort in the order they must run; never rename one. */
export const WORKSPACE_MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001-accounts": accountsMigration,
  "0002-runs": runsMigration,
  "0003-improvement-work": improvementWorkMigration,
  "0004-audit-chain": auditChainMigration,
  "0005-annotations": annotationsMigration,
  "0006-improvement-plans": improvementPlansMigration,
  "0007-facilitation": facilitationMigration,
  "0008-learning": learningMigration,
  "0009-process-measures": processMeasuresMigration,
  "0010-workspace-indexes": workspaceIndexesMigration,
  "0011-submissions": submissionsMigration,
  "0012-district-membership": districtMembershipMigration,
  "0013-shared-resources": sharedResourcesMigration,
  "0014-read-path-indexes": readPathIndexesMigration,
};

/** A migration failed; `migration` names it and `cause` holds the database error. */
export class WorkspaceMigrationError extends Error {
  constructor(
    readonly migration: string,
    override readonly cause: unknown,
  ) {
    super(
      `workspace migration "${migration}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = "WorkspaceMigrationError";
  }
}

function migrator(db: WorkspaceDb): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...WORKSPACE_MIGRATIONS }) },
  });
}

function settle(
  results: readonly MigrationResult[] | undefined,
  error: unknown,
): MigrationResult[] {
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "(migrator)";
    throw new WorkspaceMigrationError(failed, error);
  }
  return [...(results ?? [])];
}

/** Brings the workspace up to the latest migration; returns what ran (empty when up to date). */
export async function migrateWorkspace(db: WorkspaceDb): Promise<MigrationResult[]> {
  const { results, error } = await migrator(db).migrateToLatest();
  return settle(results, error);
}

/** Undoes every migration (tests and `collab` maintenance only). */
export async function migrateWorkspaceDown(db: WorkspaceDb): Promise<MigrationResult[]> {
  const { results, error } = await migrator(db).migrateTo(NO_MIGRATIONS);
  return settle(results, error);
}
