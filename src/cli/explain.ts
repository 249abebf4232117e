import type { Command } from "commander";
import { loadFramework } from "../domain/framework/load-framework.ts";
import { explainSchool } from "../runs/explain-school.ts";
import { ensureResultTables } from "../runs/result-tables.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { DEFAULT_FRAMEWORK } from "./compute.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

/** `collab explain --run ID|latest --school CODE [--framework FILE] [--db FILE]` */
export function registerExplainCommand(program: Command): void {
  program
    .command("explain")
    .description("explain a school's index, levels and tier in plain words")
    .requiredOption("--run <id>", "run id, or latest")
    .requiredOption("--school <code>", "14-digit school code")
    .option("--framework <file>", "framework file (measure names)", DEFAULT_FRAMEWORK)
    .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE)
    .action(async (options: { run: string; school: string; framework: string; db: string }) => {
      const framework = loadFramework(options.framework);
      const warehouse = await Warehouse.open(options.db);
      try {
        await ensureResultTables(warehouse);
        process.stdout.write(
          await explainSchool(warehouse, { run: options.run, school: options.school, framework }),
        );
      } finally {
        warehouse.close();
      }
    });
}
