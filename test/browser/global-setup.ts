import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createAccount } from "../../src/accounts/create-account.ts";
import { computeYear, DEFAULT_FRAMEWORK } from "../../src/cli/compute.ts";
import { addPairingOverride } from "../../src/identification/pairing-overrides.ts";
import { PAIRING_OVERRIDES_DDL } from "../../src/identification/pairing-tables.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openWorkspace } from "../../src/workspace/open-workspace.ts";
import { UserRepository } from "../../src/workspace/user-repository.ts";
import { type BrowserEnv, CHROMIUM } from "./browser-env.ts";
import { serve } from "./collab-serve.ts";

const PASSWORD = "Browser-test passphrase 42";

/** Picks the schools the tests use: A in district 1 (the principal's), B in district 2. */
async function pickSchools(w: Warehouse, runId: string) {
  const rows = await w.all<{ school_code: string; district_code: string }>(
    `SELECT i.school_code, s.district_code
     FROM index_results i JOIN schools s ON s.school_code = i.school_code AND s.year = i.year
     WHERE i.run_id = ? AND i.school_level = 'elementary' ORDER BY s.district_code, i.school_code`,
    [runId],
  );
  const districts = [...new Set(rows.map((r) => r.district_code))].sort();
  const [d1, d2] = districts;
  if (!d1 || !d2)
    throw new Error(`the synthetic network has ${districts.length} district(s); the tests need 2`);
  const a = rows.find((r) => r.district_code === d1)!;
  const b = rows.find((r) => r.district_code === d2)!;
  return { d1, d2, schoolA: a.school_code, schoolB: b.school_code, pair: await pickPair(w, runId) };
}

/**
 * A priority school and its partner, for the improvement workspace's walk. The small network may
 * leave its priority schools unmatched: then the first gets a partner of its level by a hub
 * override, as an analyst would. Null when the run has no priority school.
 */
async function pickPair(w: Warehouse, runId: string) {
  const rows = await w.all<{
    school_code: string;
    partner_code: string | null;
    school_level: string;
  }>(
    `SELECT school_code, partner_code, school_level FROM pairings
     WHERE run_id = ? ORDER BY partner_code IS NULL, school_level, school_code`,
    [runId],
  );
  const first = rows[0];
  if (!first) return null;
  await w.run(PAIRING_OVERRIDES_DDL);
  if (first.partner_code !== null) return { ...first, partner_code: first.partner_code };
  const [partner] = await w.all<{ school_code: string }>(
    `SELECT school_code FROM school_context WHERE run_id = ? AND school_level = ? AND school_code <> ?
     ORDER BY school_code LIMIT 1`,
    [runId, first.school_level, first.school_code],
  );
  if (!partner) return null;
  await addPairingOverride(w, {
    runId,
    kind: "pair",
    schoolCode: first.school_code,
    schoolLevel: first.school_level,
    target: partner.school_code,
    reason: "a partner for the improvement workspace's browser walk",
    by: "hub@example.org",
    at: new Date(),
  });
  return { ...first, partner_code: partner.school_code };
}

/**
 * The school of district 1 whose attendance the generator improved by the most (truth/
 * planted_changes.csv; another district's when district 1 has none), at its largest school level
 * in the run's periodic measures.
 */
async function pickChangedSchool(w: Warehouse, network: string, runId: string, d1: string) {
  const [header, ...lines] = readFileSync(join(network, "truth", "planted_changes.csv"), "utf8")
    .trim()
    .split("\n");
  const cols = header!.split(",");
  const changes = lines
    .map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])))
    .filter((r) => r.kind === "attendance")
    .sort(
      (a, b) =>
        Number(b.school_code!.startsWith(d1)) - Number(a.school_code!.startsWith(d1)) ||
        Number(b.size) - Number(a.size),
    );
  const best = changes[0];
  if (!best) throw new Error("the generator planted no attendance change");
  const level = await w.all<{ school_level: string }>(
    `SELECT school_level FROM periodic_results WHERE run_id = ? AND school_code = ?
       AND measure = 'chronic_absence_to_date' AND student_group = 'ALL'
     GROUP BY school_level ORDER BY max(n) DESC LIMIT 1`,
    [runId, best.school_code!],
  );
  if (!level[0]) throw new Error(`school ${best.school_code} has no periodic results`);
  return { school: best.school_code!, level: level[0].school_level, start: best.start_date! };
}

async function buildNetwork(dir: string) {
  const network = join(dir, "network");
  await generateNetwork(
    { students: 4000, districts: 2, years: [2022, 2023, 2024, 2025], seed: 7 },
    { outDir: network },
  );
  const db = join(dir, "warehouse.duckdb");
  const w = await Warehouse.open(db);
  try {
    const outcomes = await ingestSubmissions(w, discoverSubmissions(network), {});
    const rejected = outcomes.filter((o) => o.status === "rejected");
    if (rejected.length > 0) throw new Error(`${rejected.length} synthetic submission(s) rejected`);
    // District 2 (the district admin's) has an overlay with the demo's local measures.
    const overlays = join(dir, "overlays");
    const [d2] = await w.all<{ d: string }>(
      "SELECT DISTINCT district_code AS d FROM schools ORDER BY d LIMIT 1 OFFSET 1",
    );
    mkdirSync(overlays, { recursive: true });
    writeFileSync(
      join(overlays, "district-2.yaml"),
      readFileSync("frameworks/districts/1061337.yaml", "utf8").replace(
        'district: "1061337"',
        `district: "${d2?.d ?? ""}"`,
      ),
    );
    const runs: string[] = [];
    for (const year of [2023, 2024, 2025]) {
      const summary = await computeYear(w, {
        year,
        framework: DEFAULT_FRAMEWORK,
        overlays,
        ...(year === 2023 ? { baseline: 2023 } : {}),
      });
      runs.push(summary.runId);
    }
    const latest = runs[runs.length - 1]!;
    const schools = await pickSchools(w, latest);
    const changed = await pickChangedSchool(w, network, latest, schools.d1);
    return { db, runs, changed, ...schools };
  } finally {
    w.close();
  }
}

async function createAccounts(
  workspaceDir: string,
  picked: {
    d1: string;
    d2: string;
    schoolA: string;
    pair: { school_code: string; partner_code: string } | null;
  },
) {
  const ws = await openWorkspace({ dataDir: workspaceDir });
  try {
    const users = new UserRepository(ws.db);
    const accounts = {
      principal: { role: "school_staff", districtCode: picked.d1, schoolCode: picked.schoolA },
      districtAdmin: { role: "district_admin", districtCode: picked.d2, schoolCode: null },
      hubAdmin: { role: "hub_admin", districtCode: null, schoolCode: null },
      facilitator: { role: "facilitator", districtCode: null, schoolCode: null },
      // The principal of the first pair's priority school (school A's when there is no pair).
      pairPrincipal: {
        role: "school_staff",
        districtCode: (picked.pair?.school_code ?? picked.schoolA).slice(0, 7),
        schoolCode: picked.pair?.school_code ?? picked.schoolA,
      },
    } as const;
    const emails: Record<keyof typeof accounts, string> = {
      principal: "principal@a.example.org",
      districtAdmin: "admin@d2.example.org",
      hubAdmin: "hub@example.org",
      facilitator: "facilitator@example.org",
      pairPrincipal: "principal@pair.example.org",
    };
    for (const [key, a] of Object.entries(accounts) as [
      keyof typeof accounts,
      (typeof accounts)[keyof typeof accounts],
    ][]) {
      await createAccount(users, {
        email: emails[key],
        displayName: key,
        password: PASSWORD,
        ...a,
      });
    }
    return emails;
  } finally {
    await ws.close();
  }
}

/** Publishes the runs as the hub admin would, through the API (other roles read published runs). */
async function publishRuns(baseUrl: string, email: string, runs: readonly string[]) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`hub sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  for (const run of runs) {
    const res = await fetch(`${baseUrl}/api/runs/${run}/publish`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: "{}",
    });
    if (!res.ok) throw new Error(`publishing ${run} failed: ${res.status} ${await res.text()}`);
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    browserEnv: BrowserEnv;
  }
}

/**
 * Builds a small network (synth → ingest → compute 2023–2025), web/dist when stale, three
 * accounts, then `collab serve`; publishes the runs. Without /usr/bin/chromium the suite is
 * skipped with a message, or fails when CI is set.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    const message = `${CHROMIUM} is missing: install Debian's chromium (scripts/install-system-deps.sh); never \`npx playwright install\``;
    if (process.env.CI) throw new Error(message);
    process.stderr.write(`browser tests skipped: ${message}\n`);
    project.provide("browserEnv", { skip: message });
    return;
  }
  const started = Date.now();
  const build = spawnSync(process.execPath, ["scripts/build-web.mjs", "--if-stale"], {
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error("building web/dist failed (see above)");
  const dir = mkdtempSync(join(tmpdir(), "collab-browser-"));
  const net = await buildNetwork(dir);
  const workspace = join(dir, "workspace");
  const emails = await createAccounts(workspace, net);
  const { child, baseUrl } = await serve(net.db, workspace);
  await publishRuns(baseUrl, emails.hubAdmin, net.runs);
  process.stderr.write(
    `browser tests: network ready at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  project.provide("browserEnv", {
    skip: null,
    baseUrl,
    password: PASSWORD,
    emails,
    runs: net.runs,
    districts: [net.d1, net.d2],
    schoolA: net.schoolA,
    pair: net.pair,
    schoolB: net.schoolB,
    changed: net.changed,
  });
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  };
}
