import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const COLLAB = fileURLToPath(new URL("../../bin/collab.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "collab-districts-"));
const workspace = join(dir, "workspace");
const network = join(dir, "net");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function collab(...args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [COLLAB, ...args], { encoding: "utf8", env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
const districts = (...args: string[]) => collab("districts", ...args, "--workspace", workspace);

let codes: string[] = [];
beforeAll(() => {
  const synth = collab(
    "synth",
    "--out",
    network,
    "--students",
    "3000",
    "--districts",
    "2",
    "--years",
    "2024-2024",
    "--seed",
    "3",
  );
  expect(synth.code).toBe(0);
  codes = spawnSync("ls", [join(network, "districts")], { encoding: "utf8" })
    .stdout.trim()
    .split("\n");
}, 60_000);

describe("collab districts", () => {
  it("adds a member with its agreement and a participant without one", () => {
    const a = districts(
      "add",
      "--code",
      codes[0]!,
      "--name",
      "Alpha Unified",
      "--status",
      "member",
      "--agreement-start",
      "2020-07-01",
      "--agreement-end",
      "2099-06-30",
      "--scope",
      "2020-2030",
    );
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe(
      `onboarded ${codes[0]}  member  Alpha Unified  agreement 2020-07-01..2099-06-30, years 2020-2030\n`,
    );
    const b = districts(
      "add",
      "--code",
      codes[1]!,
      "--name",
      "Beta USD",
      "--status",
      "participant",
    );
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(`onboarded ${codes[1]}  participant  Beta USD  no agreement\n`);
  });

  it("refuses a half-given agreement, an unknown status and a duplicate code", () => {
    const half = districts(
      "add",
      "--code",
      "0999999",
      "--name",
      "X",
      "--agreement-start",
      "2024-01-01",
    );
    expect(half.code).toBe(1);
    expect(half.stderr).toContain("--agreement-start, --agreement-end and --scope together");
    const status = districts("add", "--code", "0999999", "--name", "X", "--status", "associate");
    expect(status.stderr).toContain('unknown membership status "associate"');
    const scope = districts(
      "add",
      "--code",
      "0999999",
      "--name",
      "X",
      "--agreement-start",
      "2024-01-01",
      "--agreement-end",
      "2025-01-01",
      "--scope",
      "2024-2025:schools,grades",
    );
    expect(scope.stderr).toContain('"grades" is not an input table');
    const again = districts("add", "--code", codes[0]!, "--name", "Alpha again");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`district "${codes[0]}" already exists`);
  });

  it("changes a status, keeping the history, and lists as JSON", () => {
    const set = districts(
      "set-status",
      codes[1]!,
      "participant",
      "--opted-in",
      "--reason",
      "asked",
    );
    expect(set.stdout).toBe(`now ${codes[1]}  participant (opted in)  Beta USD  no agreement\n`);
    const list = districts("list", "--json");
    const json = JSON.parse(list.stdout) as { districts: Record<string, unknown>[] };
    expect(json.districts.map((d) => [d.district_code, d.status, d.opted_in])).toEqual([
      [codes[0], "member", false],
      [codes[1], "participant", true],
    ]);
  });

  it("invites a data lead with a one-time link", () => {
    const run = districts(
      "invite",
      codes[0]!,
      "--lead",
      "data_lead",
      "--email",
      "lead@alpha.example",
      "--name",
      "Dana Lead",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^invited lead@alpha\.example \(data_lead, district \d{7}\); the link works once, until \d{4}-.*:\nhttp:\/\/127\.0\.0\.1:8080\/invite#token=[A-Za-z0-9_-]{43}\n$/,
    );
  });

  it("collab ingest --workspace refuses a district without an agreement and loads nothing", async () => {
    const db = join(dir, "warehouse.duckdb");
    const run = collab("ingest", network, "--db", db, "--workspace", workspace);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${codes[1]}/2024: refused: district ${codes[1]} has no data-sharing agreement on record`,
    );
    expect(run.stderr).toContain("1 of 2 submission(s) refused");
    const warehouse = await Warehouse.open(db);
    try {
      const tables = await warehouse.all<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'submissions'",
      );
      const loaded =
        tables[0]!.n === 0
          ? 0
          : (await warehouse.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM submissions"))
              .n;
      expect(loaded).toBe(0);
    } finally {
      warehouse.close();
    }
  });

  it("collab compute --membership reads the list's JSON and records it in the manifest", async () => {
    const db = join(dir, "warehouse2.duckdb");
    expect(collab("ingest", network, "--db", db).code).toBe(0);
    const file = join(dir, "membership.json");
    writeFileSync(file, districts("list", "--json").stdout);
    const run = collab("compute", "--year", "2024", "--db", db, "--membership", file);
    expect(run.code, run.stderr).toBe(0);
    const warehouse = await Warehouse.open(db);
    try {
      const { manifest } = await warehouse.one<{ manifest: string }>(
        "SELECT manifest::VARCHAR AS manifest FROM runs",
      );
      expect(JSON.parse(manifest).membership).toEqual({
        source: `file ${file}`,
        districts: [
          { district_code: codes[0], status: "member", opted_in: false },
          { district_code: codes[1], status: "participant", opted_in: true },
        ],
      });
    } finally {
      warehouse.close();
    }
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"districts": [{"district_code": "12", "status": "member"}]}');
    const refused = collab("compute", "--year", "2024", "--db", db, "--membership", bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `invalid membership file ${bad}: districts.0.district_code: a 7-digit district code`,
    );
  }, 120_000);
});
