import type { Command } from "commander";
import { type ExportFormat, exportRun } from "../runs/export-run.ts";
import { ensureResultTables } from "../runs/result-tables.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

/** `collab export --run ID|latest --out DIR [--format csv|parquet] [--db FILE]` */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("write a run's results (metric, index, identification, cut points) to files")
    .requiredOption("--run <id>", "run id, or latest")
    .requiredOption("--out <dir>", "output folder")
    .option("--format <format>", "csv or parquet", "csv")
    .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE)
    .action(async (options: { run: string; out: string; format: string; db: string }) => {
      if (options.format !== "csv" && options.format !== "parquet")
        throw new Error(`invalid format "${options.format}": expected csv or parquet`);
      const warehouse = await Warehouse.open(options.db);
      try {
        await ensureResultTables(warehouse);
        const { runId, files } = await exportRun(warehouse, {
          run: options.run,
          outDir: options.out,
          format: options.format as ExportFormat,
        });
        process.stderr.write(`run ${runId}\n`);
        for (const file of files) process.stdout.write(`${file}\n`);
      } finally {
        warehouse.close();
      }
    });
}
