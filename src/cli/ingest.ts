import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError } from "commander";
import { discoverSubmissions } from "../ingest/discover-submissions.ts";
import { formatReport } from "../ingest/format-report.ts";
import type { IngestProgress, OnProgress } from "../ingest/ingest-progress.ts";
import { ingestSubmissions, type SubmissionOutcome } from "../ingest/ingest-submissions.ts";
import { DEFAULT_MAX_SHRINK } from "../ingest/slice-changes.ts";
import type { Submission } from "../ingest/submission.ts";
import { submissionLabel } from "../ingest/submission.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { openWorkspace, workspaceLocation } from "../workspace/open-workspace.ts";
import { workspaceRepositories } from "../workspace/workspace-repositories.ts";

/** Default warehouse file, under the current directory. */
export const DEFAULT_WAREHOUSE = ".collab/warehouse.duckdb";

/**
 * Fault injection for the atomicity test: when COLLAB_FAULT_KILL_AT names an input table, the
 * process SIGKILLs itself right after inserting that table, inside the open transaction.
 */
export const FAULT_KILL_AT_ENV = "COLLAB_FAULT_KILL_AT";

/**
 * Progress on stderr: on a terminal, a cli-progress bar per submission being validated or loaded
 * (two run at once, each validating or loading), removed when it is done; otherwise one
 * line per phase and table (logs, tests).
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: OnProgress;
  stop: () => void;
} {
  let bars: MultiBar | null = null;
  const active = new Map<string, { stage: string; bar: SingleBar }>();
  const killAt = process.env[FAULT_KILL_AT_ENV];
  const onProgress = (p: IngestProgress) => {
    const what = `${p.submission} ${p.phase}${p.table ? ` ${p.table}` : ""}`;
    if (stream.isTTY) {
      bars ??= new MultiBar(
        { stream, format: "{bar} {value}/{total} {what}", clearOnComplete: false },
        Presets.shades_classic,
      );
      const stage = p.phase === "insert" || p.phase === "commit" ? "load" : "validate";
      let entry = active.get(p.submission);
      if (entry?.stage !== stage) {
        if (entry) bars.remove(entry.bar);
        entry = { stage, bar: bars.create(p.steps, 0, { what }) };
        active.set(p.submission, entry);
      }
      entry.bar.update(p.step, { what });
      if (p.step >= p.steps && stage === "load") {
        bars.remove(entry.bar);
        active.delete(p.submission);
      }
    } else if (p.phase !== "check") {
      stream.write(`${what}\n`);
    }
    if (killAt !== undefined && p.phase === "insert" && p.table === killAt) {
      process.kill(process.pid, "SIGKILL");
    }
  };
  return {
    onProgress,
    stop: () => {
      bars?.stop();
    },
  };
}

/** Prints each outcome and its report; writes the JSON report when asked. */
export function printOutcomes(
  outcomes: readonly SubmissionOutcome[],
  options: { examples: number; json?: string | undefined },
): void {
  for (const o of outcomes) {
    // over a stored slice: rows added and removed by content (a changed row is both)
    const counts = Object.entries(o.rowCounts)
      .map(([table, n]) => {
        const c = o.changes?.[table];
        if (!c || (c.before === 0 && c.lost === 0)) return `${table} ${n}`;
        return `${table} ${c.before === c.after ? n : `${c.before} -> ${c.after}`} (+${c.gained} -${c.lost})`;
      })
      .join(", ");
    console.log(
      `${o.label}: ${o.status}  sha256 ${o.sha256}${o.replaces ? `  replaces ${o.replaces}` : ""}`,
    );
    console.log(`  rows: ${counts}`);
    if (o.report.groups.length > 0) console.log(formatReport(o.report, options.examples));
  }
  if (options.json) {
    mkdirSync(dirname(resolve(options.json)), { recursive: true });
    writeFileSync(
      options.json,
      `${JSON.stringify(
        outcomes.map((o) => ({
          submission: o.label,
          status: o.status,
          submission_id: o.submissionId,
          sha256: o.sha256,
          replaces: o.replaces,
          row_counts: o.rowCounts,
          row_changes: o.changes,
          report: o.report.toJSON(),
        })),
        null,
        2,
      )}\n`,
    );
  }
}

/**
 * The submissions the workspace's data-sharing agreements refuse (`submissionAllowed` of each
 * district, year and input tables on today's date), each with its reason.
 */
export async function refusedByAgreement(
  workspaceDir: string,
  submissions: readonly Submission[],
): Promise<{ submission: Submission; reason: string }[]> {
  const ws = await openWorkspace(workspaceLocation(process.env, workspaceDir));
  try {
    const districts = workspaceRepositories(ws.db).districts;
    const refused: { submission: Submission; reason: string }[] = [];
    for (const s of submissions) {
      const tables = s.files.filter((f) => f.endsWith(".csv")).map((f) => f.slice(0, -4));
      const decision = await districts.submissionAllowed(s.districtCode, s.year, tables);
      if (!decision.allowed) refused.push({ submission: s, reason: decision.reason });
    }
    return refused;
  } finally {
    await ws.close();
  }
}

export function registerIngestCommand(program: Command): void {
  program
    .command("ingest")
    .description(
      "Validate and load submissions (one folder, or a network's districts/<code>/<year>/) into the warehouse; each submission is accepted whole or not at all",
    )
    .argument("<dir>", "a submission folder or a network folder")
    .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE)
    .option(
      "--json <file>",
      "write the full report (counts and up to --json-examples per group) as JSON",
    )
    .option("--examples <n>", "examples shown per rule and file", "5")
    .option("--json-examples <n>", "examples kept per rule and file in the JSON report", "1000")
    .option("--memory-limit <size>", "DuckDB memory limit", "3GB")
    .option(
      "--allow-shrink",
      "load a submission even when it removes more than --max-shrink of a table's stored rows for its district and year",
    )
    .option(
      "--max-shrink <share>",
      "the share of a table's stored rows (district × year) a submission may remove without --allow-shrink",
      String(DEFAULT_MAX_SHRINK),
    )
    .option(
      "--workspace <dir>",
      "refuse, before loading anything, every submission outside its district's data-sharing agreement in this workspace",
    )
    .action(
      async (
        dir: string,
        opts: {
          db: string;
          json?: string;
          examples: string;
          jsonExamples: string;
          memoryLimit: string;
          allowShrink?: boolean;
          maxShrink: string;
          workspace?: string;
        },
      ) => {
        const maxShrink = Number(opts.maxShrink);
        if (!(maxShrink >= 0 && maxShrink <= 1)) {
          throw new InvalidArgumentError(
            `--max-shrink "${opts.maxShrink}" is not a share between 0 and 1`,
          );
        }
        const submissions = discoverSubmissions(dir);
        if (opts.workspace !== undefined) {
          const refused = await refusedByAgreement(opts.workspace, submissions);
          if (refused.length > 0) {
            for (const r of refused)
              console.error(`${submissionLabel(r.submission)}: refused: ${r.reason}`);
            console.error(
              `${refused.length} of ${submissions.length} submission(s) refused by the data-sharing agreements; nothing loaded`,
            );
            process.exitCode = 2;
            return;
          }
        }
        mkdirSync(dirname(resolve(opts.db)), { recursive: true });
        const warehouse = await Warehouse.open(opts.db, { memoryLimit: opts.memoryLimit });
        const progress = progressReporter();
        try {
          const outcomes = await ingestSubmissions(warehouse, submissions, {
            examplesPerGroup: Number(opts.jsonExamples),
            onProgress: progress.onProgress,
            allowShrink: opts.allowShrink === true,
            maxShrink,
          });
          progress.stop();
          printOutcomes(outcomes, { examples: Number(opts.examples), json: opts.json });
          const rejected = outcomes.filter((o) => o.status === "rejected").length;
          console.log(
            `${outcomes.length - rejected} of ${outcomes.length} submission(s) accepted into ${opts.db}`,
          );
          if (rejected > 0) process.exitCode = 2;
        } finally {
          progress.stop();
          warehouse.close();
        }
      },
    );
}
