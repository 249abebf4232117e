import { createInterface } from "node:readline";
import type { Command } from "commander";
import { parseAccountRole } from "../access/role.ts";
import { createAccount } from "../accounts/create-account.ts";
import { checkPasswordPolicy } from "../accounts/password-policy.ts";
import {
  DEFAULT_WORKSPACE_DIR,
  openWorkspace,
  type Workspace,
  workspaceLocation,
} from "../workspace/open-workspace.ts";
import { SessionRepository } from "../workspace/session-repository.ts";
import { UserRepository } from "../workspace/user-repository.ts";

interface WorkspaceOption {
  workspace: string;
}

async function withWorkspace<T>(
  options: WorkspaceOption,
  work: (ws: Workspace) => Promise<T>,
): Promise<T> {
  const ws = await openWorkspace(workspaceLocation(process.env, options.workspace));
  try {
    return await work(ws);
  } finally {
    await ws.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  // Only the final line break is the terminal's; anything else belongs to the password.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** Asks on the terminal without echoing what is typed. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      if (!asked) {
        process.stderr.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    rl.on("SIGINT", () => {
      rl.close();
      reject(new Error("cancelled"));
    });
  });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readStdin();
  const first = await promptHidden("Password: ");
  const second = await promptHidden("Repeat password: ");
  if (first !== second) throw new Error("the two passwords differ");
  return first;
}

/** `collab users add|list`: accounts of the workspace (the first hub admin is made here). */
export function registerUsersCommand(program: Command): void {
  const users = program
    .command("users")
    .description(
      `workspace accounts (PGlite folder ${DEFAULT_WORKSPACE_DIR}, or PostgreSQL when DATABASE_URL is set)`,
    );

  users
    .command("add")
    .description(
      "create an account; the password is read from stdin or prompted, never taken as an argument",
    )
    .requiredOption("--email <email>", "sign-in email")
    .requiredOption(
      "--role <role>",
      "hub_admin | district_admin | school_staff (or principal) | facilitator | network_member",
    )
    .option("--district <code>", "7-digit district code (district and school roles)")
    .option("--school <code>", "14-digit CDS school code (school roles)")
    .option("--name <name>", "display name (default: the email's local part)")
    .option("--password-stdin", "read the password from stdin even on a terminal")
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(
      async (o: {
        email: string;
        role: string;
        district?: string;
        school?: string;
        name?: string;
        passwordStdin?: boolean;
        workspace: string;
      }) => {
        const role = parseAccountRole(o.role);
        const password = await readPassword(o.passwordStdin === true);
        checkPasswordPolicy(password, o.email); // before opening the workspace: fail fast
        await withWorkspace(o, async (ws) => {
          const user = await createAccount(new UserRepository(ws.db), {
            email: o.email,
            displayName: o.name ?? o.email.split("@")[0] ?? o.email,
            password,
            role,
            districtCode: o.district ?? null,
            schoolCode: o.school ?? null,
          });
          const scope = [user.districtCode, user.schoolCode].filter(Boolean).join(" ");
          console.log(
            `created user ${user.id} ${user.email} (${user.role}${scope ? ` ${scope}` : ""}) in ${ws.description}`,
          );
        });
      },
    );

  users
    .command("disable")
    .description(
      "disable an account and end its sessions (accounts are never deleted: the audit log refers to them)",
    )
    .requiredOption("--email <email>", "the account's email")
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(async (o: { email: string; workspace: string }) => {
      await withWorkspace(o, async (ws) => {
        const repo = new UserRepository(ws.db);
        const user = await repo.findByEmail(o.email);
        if (!user) throw new Error(`no account with email "${o.email}"`);
        const changed = await repo.disable(user.id);
        const ended = await new SessionRepository(ws.db).deleteForUser(user.id);
        console.log(
          `${changed ? "disabled" : "already disabled:"} user ${user.id} ${user.email}; ${ended} session(s) ended`,
        );
      });
    });

  users
    .command("list")
    .description("list accounts")
    .option("--district <code>", "only this district's accounts")
    .option("--role <role>", "only this role")
    .option("--all", "include disabled accounts")
    .option("--json", "print JSON")
    .option("--workspace <dir>", "PGlite workspace folder", DEFAULT_WORKSPACE_DIR)
    .action(
      async (o: {
        district?: string;
        role?: string;
        all?: boolean;
        json?: boolean;
        workspace: string;
      }) => {
        await withWorkspace(o, async (ws) => {
          const list = await new UserRepository(ws.db).list({
            ...(o.district ? { districtCode: o.district } : {}),
            ...(o.role ? { role: parseAccountRole(o.role) } : {}),
            includeDisabled: o.all === true,
          });
          if (o.json) {
            console.log(JSON.stringify(list, null, 2));
            return;
          }
          for (const u of list) {
            console.log(
              [
                String(u.id).padStart(4),
                u.email.padEnd(32),
                u.role.padEnd(15),
                (u.districtCode ?? "-").padEnd(8),
                (u.schoolCode ?? "-").padEnd(15),
                u.disabledAt ? "disabled" : "active",
                u.displayName,
              ].join(" "),
            );
          }
          console.error(`${list.length} account(s) in ${ws.description}`);
        });
      },
    );
}
