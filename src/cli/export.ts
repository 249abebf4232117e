import type { Command } from "commander";
import { loadFramework } from "../domain/framework/load-framework.ts";
import { type ExportAudience, type ExportFormat, exportRun } from "../runs/export-run.ts";
import { ensureResultTables } from "../runs/result-tables.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { AuditLog } from "../workspace/audit-log.ts";
import { systemClock } from "../workspace/clock.ts";
import {
  DEFAULT_WORKSPACE_DIR,
  openWorkspace,
  workspaceLocation,
} from "../workspace/open-workspace.ts";
import { UserRepository } from "../workspace/user-repository.ts";
import { DEFAULT_FRAMEWORK } from "./compute.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

interface ExportOptions {
  run: string;
  out: string;
  format: string;
  db: string;
  framework: string;
  audience: string;
  as?: string;
  workspace: string;
}

/**
 * `collab export --run ID|latest --out DIR [--format csv|parquet] [--audience public|hub --as EMAIL]`:
 * public by default (the API's anonymous reader's figures); `hub` writes the rows as computed and
 * is an audited act of a hub admin's account, recorded in the workspace's audit log.
 */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description(
      "write a run's results (metric, index, identification, cut points) to files, disclosed for an audience",
    )
    .requiredOption("--run <id>", "run id, or latest")
    .requiredOption("--out <dir>", "output folder")
    .option("--format <format>", "csv or parquet", "csv")
    .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE)
    .option("--framework <file>", "framework file the run was computed with", DEFAULT_FRAMEWORK)
    .option(
      "--audience <audience>",
      "public (small and complementary cells suppressed, as the API shows anyone) or hub (unsuppressed; needs --as)",
      "public",
    )
    .option("--as <email>", "the hub admin account an unsuppressed export is made by (audited)")
    .option("--workspace <dir>", "PGlite workspace folder (for --as)", DEFAULT_WORKSPACE_DIR)
    .action(async (options: ExportOptions) => {
      if (options.format !== "csv" && options.format !== "parquet")
        throw new Error(`invalid format "${options.format}": expected csv or parquet`);
      if (options.audience !== "public" && options.audience !== "hub")
        throw new Error(`invalid audience "${options.audience}": expected public or hub`);
      const audience: ExportAudience = options.audience;
      const framework = loadFramework(options.framework);
      const audit = audience === "hub" ? await authorizeUnsuppressed(options) : null;
      const warehouse = await Warehouse.open(options.db);
      try {
        await ensureResultTables(warehouse);
        const { runId, files } = await exportRun(warehouse, {
          run: options.run,
          outDir: options.out,
          format: options.format as ExportFormat,
          framework,
          audience,
        });
        await audit?.(runId);
        process.stderr.write(`run ${runId} (${audience})\n`);
        for (const file of files) process.stdout.write(`${file}\n`);
      } finally {
        warehouse.close();
      }
    });
}

/**
 * Checks that `--as` names an active hub admin, and returns how to record the export in the
 * audit log once it is written (refused attempts are recorded too).
 */
async function authorizeUnsuppressed(
  options: ExportOptions,
): Promise<(runId: string) => Promise<void>> {
  if (!options.as)
    throw new Error(
      "--audience hub writes unsuppressed figures: name the hub admin with --as EMAIL",
    );
  const ws = await openWorkspace(workspaceLocation(process.env, options.workspace));
  const clock = systemClock;
  try {
    const user = await new UserRepository(ws.db, clock).findByEmail(options.as);
    const allowed = user !== undefined && user.role === "hub_admin" && !user.disabledAt;
    if (!allowed) {
      await new AuditLog(ws.db, clock).record({
        userId: user?.id ?? null,
        role: user?.role ?? "public",
        action: "export",
        resource: `collab export --run ${options.run} --audience hub`,
        outcome: "denied",
      });
      throw new Error(`--as ${options.as}: not an active hub admin account`);
    }
  } finally {
    await ws.close();
  }
  return async (runId) => {
    const again = await openWorkspace(workspaceLocation(process.env, options.workspace));
    try {
      const user = (await new UserRepository(again.db, clock).findByEmail(options.as!))!;
      await new AuditLog(again.db, clock).record({
        userId: user.id,
        role: user.role,
        action: "export",
        resource: `collab export --run ${runId} --audience hub`,
        outcome: "allowed",
      });
    } finally {
      await again.close();
    }
  };
}
