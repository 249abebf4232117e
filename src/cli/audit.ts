import type { Command } from "commander";
import { csvText } from "../results/csv-text.ts";
import { verifyAuditChain } from "../workspace/audit-chain.ts";
import { AUDIT_COLUMNS, auditCsv, auditRows } from "../workspace/audit-export.ts";
import { type AuditFilter, AuditLog, type AuditRecord } from "../workspace/audit-log.ts";
import {
  DEFAULT_WORKSPACE_DIR,
  openWorkspace,
  type Workspace,
  workspaceLocation,
} from "../workspace/open-workspace.ts";
import { UserRepository } from "../workspace/user-repository.ts";
import type { AuditOutcome } from "../workspace/workspace-schema.ts";

interface ListOptions {
  user?: string;
  district?: string;
  school?: string;
  outcome?: string;
  resource?: string;
  since?: string;
  until?: string;
  limit: string;
  all?: boolean;
  csv?: boolean;
  json?: boolean;
  workspace: string;
}

const OUTCOMES: readonly AuditOutcome[] = ["allowed", "denied", "error"];

async function withWorkspace<T>(dir: string, work: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await openWorkspace(workspaceLocation(process.env, dir));
  try {
    return await work(ws);
  } finally {
    await ws.close();
  }
}

function parseDate(value: string, option: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new Error(`invalid ${option} "${value}": expected a date`);
  return date;
}

/** The filter the options describe; `--user` takes an id or an email. */
async function filterOf(o: ListOptions, users: UserRepository): Promise<AuditFilter> {
  let userId: number | undefined;
  if (o.user !== undefined) {
    if (/^[0-9]+$/.test(o.user)) userId = Number(o.user);
    else {
      const user = await users.findByEmail(o.user);
      if (!user) throw new Error(`no account with email "${o.user}"`);
      userId = user.id;
    }
  }
  if (o.outcome !== undefined && !(OUTCOMES as readonly string[]).includes(o.outcome)) {
    throw new Error(`invalid --outcome "${o.outcome}": expected ${OUTCOMES.join(", ")}`);
  }
  const limit = Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`invalid --limit "${o.limit}": expected a whole number of at least 1`);
  }
  return {
    ...(userId !== undefined ? { userId } : {}),
    ...(o.district ? { districtCode: o.district } : {}),
    ...(o.school ? { schoolCode: o.school } : {}),
    ...(o.outcome ? { outcome: o.outcome as AuditOutcome } : {}),
    ...(o.resource ? { resource: o.resource } : {}),
    ...(o.since ? { since: parseDate(o.since, "--since") } : {}),
    ...(o.until ? { until: parseDate(o.until, "--until") } : {}),
    limit,
  };
}

/** Parses `SEQ:HASH`, a head printed by an earlier `collab audit verify`. */
function parseHead(value: string): { seq: number; hash: string } {
  const m = /^([0-9]+):([0-9a-f]{64})$/.exec(value.trim());
  if (!m) throw new Error(`invalid --head "${value}": expected SEQ:HASH as verify prints it`);
  return { seq: Number(m[1]), hash: m[2]! };
}

/** `collab audit [list]` and `collab audit verify`: read the audit log, and check its hash chain. */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command("audit")
    .description(
      `the audit log of student-level access (PGlite folder ${DEFAULT_WORKSPACE_DIR}, or PostgreSQL when DATABASE_URL is set)`,
    );

  audit
    .command("list", { isDefault: true })
    .description("print entries, newest first (the default subcommand)")
    .option("--user <id|email>", "only this user's entries")
    .option("--district <code>", "only this district's entries")
    .option("--school <code>", "only this school's entries")
    .option("--outcome <outcome>", "allowed | denied | error")
    .option("--resource <name>", "only this resource (e.g. students)")
    .option("--since <date>", "entries at or after (ISO date or date-time)")
    .option("--until <date>", "entries before (ISO date or date-time)")
    .option("--limit <n>", "at most this many entries", "100")
    .option("--all", "every matching entry (no limit)")
    .option("--csv", "print CSV (the API export's columns)")
    .option("--json", "print JSON")
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(async (o: ListOptions) => {
      await withWorkspace(o.workspace, async (ws) => {
        const users = new UserRepository(ws.db);
        const log = new AuditLog(ws.db);
        const { limit, ...rest } = await filterOf(o, users);
        if (o.csv && o.all) {
          for await (const chunk of auditCsv(log, users, rest)) process.stdout.write(chunk);
          return;
        }
        const records: AuditRecord[] = [];
        if (o.all) for await (const r of log.entries(rest)) records.push(r);
        else
          records.push(...(await log.list({ ...rest, ...(limit !== undefined ? { limit } : {}) })));
        const rows = await auditRows(users, records);
        if (o.json) {
          console.log(JSON.stringify(rows, null, 2));
        } else if (o.csv) {
          process.stdout.write(csvText(rows, AUDIT_COLUMNS));
        } else {
          for (const r of rows) {
            console.log(
              [
                String(r.seq).padStart(6),
                r.at,
                String(
                  r.user_email ?? (r.user_id === null ? "(anonymous)" : `user ${r.user_id}`),
                ).padEnd(28),
                String(r.role).padEnd(14),
                String(r.outcome).padEnd(7),
                `${r.action} ${r.resource}`.padEnd(16),
                r.school_code ?? r.district_code ?? "-",
                r.student_count === null ? "" : `${r.student_count} students`,
              ].join("  "),
            );
          }
          console.error(
            `${rows.length} entr${rows.length === 1 ? "y" : "ies"} in ${ws.description}`,
          );
        }
      });
    });

  audit
    .command("verify")
    .description(
      "check the hash chain: exit 1 naming every entry removed or altered; prints the head to record elsewhere",
    )
    .option(
      "--head <seq:hash>",
      "a head printed by an earlier verify: it must still be in the chain",
    )
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(async (o: { head?: string; workspace: string }) => {
      const expectHead = o.head === undefined ? undefined : parseHead(o.head);
      await withWorkspace(o.workspace, async (ws) => {
        const report = await verifyAuditChain(ws.db, expectHead ? { expectHead } : {});
        for (const p of report.problems) {
          console.error(`entry ${p.seq}${p.id === null ? "" : ` (id ${p.id})`}: ${p.problem}`);
        }
        const head = report.head ? `${report.head.seq}:${report.head.hash}` : "(empty)";
        if (report.ok) {
          console.log(`audit log verified: ${report.entries} entries, head ${head}`);
        } else {
          console.log(
            `audit log NOT verified: ${report.problems.length} problem(s) in ${report.entries} entries, head ${head}`,
          );
          process.exitCode = 1;
        }
      });
    });
}
