import type { Command } from "commander";
import { loadFramework } from "../domain/framework/load-framework.ts";
import { findPeers } from "../identification/find-peers.ts";
import { peerTable } from "../identification/peer-table.ts";
import { ensureResultTables } from "../runs/result-tables.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { DEFAULT_FRAMEWORK } from "./compute.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

function positiveInteger(text: string): number {
  if (!/^[1-9]\d*$/.test(text))
    throw new Error(`invalid number "${text}": expected a whole number ≥ 1`);
  return Number(text);
}

/** `collab peers --run ID --school CODE --metric M [--level L] [--group G] [--limit N] [--min-level L]` */
export function registerPeersCommand(program: Command): void {
  program
    .command("peers")
    .description("list similar schools that are strong where a school is weak on a measure")
    .requiredOption("--run <id>", "run id, or latest")
    .requiredOption("--school <code>", "14-digit school code")
    .requiredOption("--metric <id>", "measure id, e.g. math_performance")
    .option("--level <level>", "school level, when the school is reported at several")
    .option("--group <group>", "student group to compare", "ALL")
    .option("--limit <n>", "how many schools to list", positiveInteger, 10)
    .option(
      "--min-level <n>",
      "lowest level a peer may have (default: above average and above the school)",
      positiveInteger,
    )
    .option("--framework <file>", "framework file", DEFAULT_FRAMEWORK)
    .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE)
    .action(
      async (options: {
        run: string;
        school: string;
        metric: string;
        level?: string;
        group: string;
        limit: number;
        minLevel?: number;
        framework: string;
        db: string;
      }) => {
        const framework = loadFramework(options.framework);
        const warehouse = await Warehouse.open(options.db);
        try {
          await ensureResultTables(warehouse);
          const list = await findPeers(warehouse, framework, {
            run: options.run,
            school: options.school,
            metric: options.metric,
            group: options.group,
            limit: options.limit,
            ...(options.level === undefined ? {} : { level: options.level }),
            ...(options.minLevel === undefined ? {} : { minLevel: options.minLevel }),
          });
          process.stdout.write(peerTable(list, framework));
        } finally {
          warehouse.close();
        }
      },
    );
}
