import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/accounts/password-hash.ts";
import { openWorkspace } from "../../src/workspace/open-workspace.ts";
import { UserRepository } from "../../src/workspace/user-repository.ts";

const COLLAB = fileURLToPath(new URL("../../bin/collab.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "collab-users-"));
const workspace = join(dir, "workspace");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function collab(input: string, ...args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [COLLAB, "users", ...args, "--workspace", workspace], {
    input,
    encoding: "utf8",
    env,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("collab users", () => {
  it("adds the first hub admin with the password from stdin, hashed with scrypt", async () => {
    const run = collab(
      "a long enough passphrase\n",
      "add",
      "--email",
      "Hub@Core.example",
      "--role",
      "hub_admin",
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^created user 1 hub@core\.example \(hub_admin\) in PGlite /);
    expect(run.code).toBe(0);
    const ws = await openWorkspace({ dataDir: workspace });
    try {
      const found = await new UserRepository(ws.db).findCredentials("hub@core.example");
      expect(found?.passwordHash.startsWith("scrypt$32768$8$1$")).toBe(true);
      expect(await verifyPassword("a long enough passphrase", found?.passwordHash ?? "")).toBe(
        true,
      );
    } finally {
      await ws.close();
    }
  });

  it("adds a principal as school staff and lists accounts", () => {
    const add = collab(
      "another fine passphrase",
      "add",
      "--email",
      "pat@school.example",
      "--role",
      "principal",
      "--district",
      "0161119",
      "--school",
      "01611190130229",
      "--name",
      "Pat Principal",
      "--password-stdin",
    );
    expect(add.code).toBe(0);
    const list = collab("", "list", "--json");
    expect(list.code).toBe(0);
    const users = JSON.parse(list.stdout) as {
      email: string;
      role: string;
      schoolCode: string | null;
    }[];
    expect(users.map((u) => [u.email, u.role, u.schoolCode])).toEqual([
      ["hub@core.example", "hub_admin", null],
      ["pat@school.example", "school_staff", "01611190130229"],
    ]);
  });

  it("disables an account, which list then shows only with --all", () => {
    const run = collab("", "disable", "--email", "PAT@school.example");
    expect(run.stdout).toBe("disabled user 2 pat@school.example; 0 session(s) ended\n");
    expect(run.code).toBe(0);
    const list = collab("", "list", "--all");
    expect(list.stdout).toMatch(
      /pat@school\.example +school_staff +0161119 +01611190130229 +disabled Pat Principal/,
    );
    expect(collab("", "disable", "--email", "nobody@x.example").stderr).toContain(
      'no account with email "nobody@x.example"',
    );
  });

  it("refuses a taken email, a weak password and a password on the command line", () => {
    const dup = collab(
      "a long enough passphrase\n",
      "add",
      "--email",
      "HUB@core.example",
      "--role",
      "hub_admin",
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('email "hub@core.example" already exists');
    const weak = collab("short\n", "add", "--email", "w@core.example", "--role", "hub_admin");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("password rejected: 5 characters, at least 12 needed");
    const argv = collab(
      "",
      "add",
      "--email",
      "x@core.example",
      "--role",
      "hub_admin",
      "--password",
      "hunter2hunter2",
    );
    expect(argv.code).not.toBe(0);
    expect(argv.stderr).toContain("unknown option '--password'");
  });
});
