import type { Command } from "commander";
import { submissionJson } from "../submissions/submission-view.ts";
import {
  DEFAULT_WORKSPACE_DIR,
  openWorkspace,
  workspaceLocation,
} from "../workspace/open-workspace.ts";
import { SubmissionRepository } from "../workspace/submission-repository.ts";
import { userNames } from "../workspace/user-names.ts";
import { UserRepository } from "../workspace/user-repository.ts";

interface ListOptions {
  district?: string;
  year?: string;
  json?: boolean;
  workspace: string;
}

/** Row counts and what changed, in a few words: "enrollments 52 (+1 -1), students 40". */
function rowsWords(s: ReturnType<typeof submissionJson>): string {
  return Object.entries(s.row_counts ?? {})
    .map(([table, n]) => {
      const c = s.changes?.[table];
      return c && (c.gained > 0 || c.lost > 0)
        ? `${table} ${n} (+${c.gained} -${c.lost})`
        : `${table} ${n}`;
    })
    .join(", ");
}

/**
 * `collab submissions list [--district CODE] [--year YYYY] [--json] [--workspace DIR]`: the
 * browser submissions' history the page shows (who, when, status, file hashes, row counts and
 * what each changed), newest first, read from the workspace.
 */
export function registerSubmissionsCommand(program: Command): void {
  const submissions = program
    .command("submissions")
    .description("browser submissions of districts' data (issue #18)");
  submissions
    .command("list")
    .description("the submission history, newest first: who, when, status, files, rows, changes")
    .option("--district <code>", "one district (7-digit code)")
    .option("--year <year>", "one school year (spring), e.g. 2025")
    .option("--json", "print JSON (one object per submission, with file hashes)")
    .option(
      "--workspace <dir>",
      "workspace folder (PGlite) unless DATABASE_URL is set",
      DEFAULT_WORKSPACE_DIR,
    )
    .action(async (o: ListOptions) => {
      if (o.district !== undefined && !/^[0-9]{7}$/.test(o.district))
        throw new Error(`invalid --district "${o.district}": expected a 7-digit code`);
      if (o.year !== undefined && !/^[0-9]{4}$/.test(o.year))
        throw new Error(`invalid --year "${o.year}": expected YYYY`);
      const ws = await openWorkspace(workspaceLocation(process.env, o.workspace));
      try {
        const list = await new SubmissionRepository(ws.db).list({
          ...(o.district ? { districtCode: o.district } : {}),
          ...(o.year ? { year: Number(o.year) } : {}),
        });
        const who = await userNames(
          new UserRepository(ws.db),
          list.map((s) => s.submittedBy),
        );
        const rows = list.map((s) => submissionJson(s, who));
        if (o.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write("no submissions\n");
          return;
        }
        for (const s of rows) {
          process.stdout.write(
            `${s.submitted_at}  ${s.district_code}/${s.year}  ${s.status.padEnd(10)} by ${s.submitted_by}  ${s.id}\n`,
          );
          if (s.message) process.stdout.write(`  ${s.message}\n`);
          for (const f of s.files)
            process.stdout.write(
              `  ${f.name}  ${f.bytes} bytes  sha256 ${f.sha256 ?? "-"}${f.rows !== null ? `  ${f.rows} rows` : ""}\n`,
            );
          const rowsText = rowsWords(s);
          if (rowsText) process.stdout.write(`  rows: ${rowsText}\n`);
        }
      } finally {
        await ws.close();
      }
    });
}
