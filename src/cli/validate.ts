import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { discoverSubmissions } from "../ingest/discover-submissions.ts";
import { ingestSubmissions } from "../ingest/ingest-submissions.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { printOutcomes, progressReporter } from "./ingest.ts";

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description(
      "Validate submissions without loading them; prints the report and exits 2 on errors (a network's years are checked in order against each other in a scratch warehouse)",
    )
    .argument("<dir>", "a submission folder or a network folder")
    .option(
      "--json <file>",
      "write the full report (counts and up to --json-examples per group) as JSON",
    )
    .option("--examples <n>", "examples shown per rule and file", "5")
    .option("--json-examples <n>", "examples kept per rule and file in the JSON report", "1000")
    .option("--memory-limit <size>", "DuckDB memory limit", "3GB")
    .action(
      async (
        dir: string,
        opts: { json?: string; examples: string; jsonExamples: string; memoryLimit: string },
      ) => {
        const submissions = discoverSubmissions(dir);
        const scratch = mkdtempSync(join(tmpdir(), "collab-validate-"));
        const warehouse = await Warehouse.open(join(scratch, "scratch.duckdb"), {
          memoryLimit: opts.memoryLimit,
        });
        const progress = progressReporter();
        try {
          const outcomes = await ingestSubmissions(warehouse, submissions, {
            examplesPerGroup: Number(opts.jsonExamples),
            onProgress: progress.onProgress,
            validateOnly: true,
          });
          progress.stop();
          printOutcomes(outcomes, { examples: Number(opts.examples), json: opts.json });
          if (outcomes.some((o) => o.report.hasErrors)) process.exitCode = 2;
        } finally {
          progress.stop();
          warehouse.close();
          rmSync(scratch, { recursive: true, force: true });
        }
      },
    );
}
