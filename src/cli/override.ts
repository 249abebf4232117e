import { userInfo } from "node:os";
import type { Command } from "commander";
import { addPairingOverride, type OverrideKind } from "../identification/pairing-overrides.ts";
import { findRun } from "../runs/find-run.ts";
import { ensureResultTables } from "../runs/result-tables.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

interface OverrideOptions {
  run: string;
  school: string;
  level?: string;
  reason: string;
  by?: string;
  db: string;
}

async function record(kind: OverrideKind, target: string, options: OverrideOptions): Promise<void> {
  const warehouse = await Warehouse.open(options.db);
  try {
    await ensureResultTables(warehouse);
    const run = await findRun(warehouse, options.run);
    const result = await addPairingOverride(warehouse, {
      runId: run.run_id,
      kind,
      schoolCode: options.school,
      ...(options.level === undefined ? {} : { schoolLevel: options.level }),
      target: target === "none" ? null : target,
      reason: options.reason,
      by: options.by ?? userInfo().username,
      at: new Date(),
    });
    process.stdout.write(
      `override ${result.seq} recorded for ${options.school} (${result.schoolLevel}) in run ${run.run_id}; the run itself is unchanged, exports apply it\n`,
    );
  } finally {
    warehouse.close();
  }
}

/**
 * `collab override pair --run ID --school CODE --partner CODE|none --reason TEXT` and
 * `collab override move --run ID --school CODE --community ID|none --reason TEXT`.
 */
export function registerOverrideCommand(program: Command): void {
  const override = program
    .command("override")
    .description("a hub analyst's change to a run's pairings or communities, with a stated reason");
  const common = (command: Command) =>
    command
      .requiredOption("--run <id>", "run id, or latest")
      .requiredOption("--school <code>", "14-digit school code")
      .requiredOption("--reason <text>", "why the change is made (kept with the run)")
      .option("--level <level>", "school level, when the school is listed at several")
      .option("--by <name>", "who makes the change (default: the system user)")
      .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE);
  common(
    override
      .command("pair")
      .description("replace a priority school's partner (none removes the pair)"),
  )
    .requiredOption("--partner <code>", "the new partner's school code, or none")
    .action((options: OverrideOptions & { partner: string }) =>
      record("pair", options.partner, options),
    );
  common(
    override
      .command("move")
      .description("move a focus school to another community (none takes it out)"),
  )
    .requiredOption("--community <id>", "the community id, or none")
    .action((options: OverrideOptions & { community: string }) =>
      record("community", options.community, options),
    );
}
