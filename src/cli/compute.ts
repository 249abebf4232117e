import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { parseMembershipFile } from "../collaborative/membership-file.ts";
import {
  type MembershipInput,
  membershipFromWorkspace,
} from "../collaborative/membership-source.ts";
import {
  DEFAULT_OVERLAY_DIR,
  loadDistrictOverlays,
} from "../domain/framework/load-district-overlay.ts";
import { parseFramework } from "../domain/framework/load-framework.ts";
import { growthStage } from "../growth/growth-stage.ts";
import { computeRun, type RunSummary } from "../runs/compute-run.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { openWorkspace, workspaceLocation } from "../workspace/open-workspace.ts";
import { workspaceRepositories } from "../workspace/workspace-repositories.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

/** Default framework file. */
export const DEFAULT_FRAMEWORK = "frameworks/core-sqii.yaml";

/** package.json version plus the git commit when the tree is a git checkout. */
export function codeVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: dirname(new URL(import.meta.url).pathname),
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
    return `${pkg.version}+${commit}`;
  } catch {
    return pkg.version;
  }
}

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new Error(`invalid school year "${text}": expected YYYY`);
  return Number(text);
}

/**
 * Computes one run from a framework file (growth included) with progress and warnings on
 * stderr; shared by `collab compute` and `collab start`.
 */
export async function computeYear(
  warehouse: Warehouse,
  options: {
    year: number;
    framework: string;
    cuts?: string;
    baseline?: number;
    /** The folder of district overlays (default frameworks/districts). */
    overlays?: string;
    membership?: MembershipInput | null;
  },
): Promise<RunSummary> {
  const bytes = readFileSync(options.framework);
  const framework = parseFramework(bytes.toString("utf8"), options.framework);
  const overlays = loadDistrictOverlays(options.overlays ?? DEFAULT_OVERLAY_DIR, framework);
  const summary = await computeRun(warehouse, {
    year: options.year,
    framework,
    overlays,
    frameworkBytes: bytes,
    ...(options.cuts !== undefined ? { cuts: options.cuts } : {}),
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    codeVersion: codeVersion(),
    growth: growthStage,
    membership: options.membership ?? null,
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  if (summary.baselineRunId !== null) {
    const n = summary.baselineWarnings.length;
    process.stderr.write(
      `baseline run ${summary.baselineRunId}: ${n === 0 ? "no warnings" : `${n} warning(s)`}\n`,
    );
    for (const warning of summary.baselineWarnings)
      process.stderr.write(`warning (baseline run ${summary.baselineRunId}): ${warning}\n`);
  }
  for (const warning of summary.manifest.warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stderr.write(
    `cut set ${summary.cutSet}; ${summary.manifest.row_counts.index_results} school results in ${summary.manifest.timings_ms.total} ms\n`,
  );
  return summary;
}

/**
 * `collab compute --year Y [--framework FILE] [--cuts NAME | --baseline YEAR] [--db FILE]
 * [--memory-limit SIZE] [--membership FILE | --workspace DIR]`
 */
export function registerComputeCommand(program: Command): void {
  program
    .command("compute")
    .description(
      "compute one immutable run (measures, levels, index, identification); prints its id",
    )
    .requiredOption("--year <year>", "school year (spring), e.g. 2025", parseYear)
    .option("--framework <file>", "framework file", DEFAULT_FRAMEWORK)
    .option("--cuts <name>", "reuse this frozen cut point set")
    .option("--baseline <year>", "freeze a new cut point set from this baseline year", parseYear)
    .option("--overlays <dir>", "folder of district overlays (local measures)", DEFAULT_OVERLAY_DIR)
    .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE)
    .option(
      "--memory-limit <size>",
      "DuckDB memory limit; beyond it DuckDB spills to disk (see docs/operations.md)",
      "3GB",
    )
    .option(
      "--membership <file>",
      "districts' membership as JSON (the shape of `collab districts list --json`): members set cut points, participants are measured on them",
    )
    .option(
      "--workspace <dir>",
      "take the districts' membership from this workspace (PGlite folder, or DATABASE_URL)",
    )
    .action(
      async (options: {
        year: number;
        framework: string;
        cuts?: string;
        baseline?: number;
        overlays: string;
        db: string;
        memoryLimit: string;
        membership?: string;
        workspace?: string;
      }) => {
        if (options.cuts !== undefined && options.baseline !== undefined)
          throw new Error("use either --cuts or --baseline, not both");
        if (options.membership !== undefined && options.workspace !== undefined)
          throw new Error("use either --membership or --workspace, not both");
        let membership: MembershipInput | null = null;
        if (options.membership !== undefined)
          membership = {
            source: `file ${options.membership}`,
            districts: parseMembershipFile(
              readFileSync(options.membership, "utf8"),
              options.membership,
            ),
          };
        if (options.workspace !== undefined) {
          const ws = await openWorkspace(workspaceLocation(process.env, options.workspace));
          try {
            membership = await membershipFromWorkspace(
              workspaceRepositories(ws.db).districts,
              ws.description,
            );
          } finally {
            await ws.close();
          }
        }
        if (options.db !== ":memory:") mkdirSync(dirname(options.db), { recursive: true });
        const warehouse = await Warehouse.open(options.db, { memoryLimit: options.memoryLimit });
        try {
          const summary = await computeYear(warehouse, { ...options, membership });
          process.stdout.write(`${summary.runId}\n`);
        } finally {
          warehouse.close();
        }
      },
    );
}
