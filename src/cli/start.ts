import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import type { AccountRole } from "../access/role.ts";
import { createAccount } from "../accounts/create-account.ts";
import {
  type MembershipInput,
  membershipFromWorkspace,
} from "../collaborative/membership-source.ts";
import { seedDemoDirectory, seedDemoDistricts } from "../collaborative/seed-demo-collaborative.ts";
import { disclosureReader } from "../disclosure/disclosure-reader.ts";
import { loadFramework } from "../domain/framework/load-framework.ts";
import { loadImprovementTemplates } from "../improvement/improvement-templates.ts";
import { seedDemoLearning } from "../improvement/seed-demo-learning.ts";
import { demoWorkStart, seedDemoPlans } from "../improvement/seed-demo-plans.ts";
import { discoverSubmissions } from "../ingest/discover-submissions.ts";
import { ingestSubmissions } from "../ingest/ingest-submissions.ts";
import { seedDemoResources } from "../resources/seed-demo-resources.ts";
import { ensureResultTables } from "../runs/result-tables.ts";
import { DEMO_NETWORK } from "../synth/demo-network.ts";
import { generateNetwork } from "../synth/generate-network.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { openWorkspace, workspaceLocation } from "../workspace/open-workspace.ts";
import { PublishedRunRepository } from "../workspace/published-run-repository.ts";
import { UserRepository } from "../workspace/user-repository.ts";
import { workspaceRepositories } from "../workspace/workspace-repositories.ts";
import { computeYear, DEFAULT_FRAMEWORK } from "./compute.ts";
import { printOutcomes, progressReporter } from "./ingest.ts";
import { startServer } from "./serve.ts";

interface StartOptions {
  dir: string;
  students: string;
  districts: string;
  years: string;
  seed: string;
  framework: string;
  port: string;
  host: string;
  serve: boolean;
  buildWeb: boolean;
}

function step(message: string): void {
  process.stderr.write(`\n▸ ${message}\n`);
}

/** Writes the synthetic network unless the folder already holds one. */
async function ensureNetwork(networkDir: string, options: StartOptions): Promise<void> {
  if (existsSync(join(networkDir, "network.json"))) {
    step(`synthetic network: reusing ${networkDir}`);
    return;
  }
  const [first, last] = options.years.split("-").map(Number);
  if (first === undefined || Number.isNaN(first))
    throw new Error(`invalid --years "${options.years}"`);
  const years: number[] = [];
  for (let y = first; y <= (last ?? first); y++) years.push(y);
  step(
    `synthetic network: ${options.students} students, ${options.districts} districts, ${options.years}`,
  );
  const bar = new SingleBar({
    stream: process.stderr,
    format: "synth [{bar}] {value}/{total} {label}",
  });
  bar.start(1, 0, { label: "" });
  await generateNetwork(
    {
      students: Number(options.students),
      districts: Number(options.districts),
      years,
      seed: Number(options.seed),
    },
    {
      outDir: networkDir,
      onProgress: (p) => {
        bar.setTotal(p.total);
        bar.update(p.done, { label: p.label });
      },
    },
  ).finally(() => bar.stop());
}

/**
 * Onboards the demo network's districts in the workspace (once) and returns the membership the
 * runs honour: members, the last district a data-collaborative participant (issue #18).
 */
async function ensureDemoDistricts(
  workspaceDir: string,
  warehouse: Warehouse,
): Promise<MembershipInput> {
  const workspace = await openWorkspace(workspaceLocation(process.env, workspaceDir));
  try {
    const repos = workspaceRepositories(workspace.db);
    const districts = await warehouse.all<{ code: string; name: string }>(
      `SELECT district_code AS code, any_value(district_name) AS name FROM schools
       GROUP BY district_code ORDER BY district_code`,
    );
    const years = await warehouse.one<{ first: number; last: number }>(
      "SELECT min(year) AS first, max(year) AS last FROM submissions",
    );
    const made = await seedDemoDistricts(repos, districts, years);
    if (made > 0) step(`data collaborative: ${made} districts onboarded with agreements`);
    return await membershipFromWorkspace(repos.districts, workspace.description);
  } finally {
    await workspace.close();
  }
}

/** A few role-alike directory profiles for the demo (once). */
async function ensureDemoDirectory(workspaceDir: string): Promise<void> {
  const workspace = await openWorkspace(workspaceLocation(process.env, workspaceDir));
  try {
    const made = await seedDemoDirectory(workspaceRepositories(workspace.db));
    if (made > 0) step(`role-alike directory: ${made} demo profiles`);
  } finally {
    await workspace.close();
  }
}

/** Computes every year that has a prior year, unless a complete run with this framework exists. */
async function ensureRuns(
  warehouse: Warehouse,
  frameworkFile: string,
  membership: MembershipInput,
): Promise<void> {
  await ensureResultTables(warehouse);
  const years = (
    await warehouse.all<{ year: number }>("SELECT DISTINCT year FROM submissions ORDER BY year")
  ).map((r) => r.year);
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256").update(readFileSync(frameworkFile)).digest("hex");
  const hasCuts = await warehouse.all(
    `SELECT name FROM cut_sets WHERE framework_hash = '${hash}' LIMIT 1`,
  );
  // The first year has no prior year (no growth, no reclassification): the baseline is the second.
  const baseline = years[1] ?? years[0];
  for (const year of years.slice(years.length > 1 ? 1 : 0)) {
    const done = await warehouse.all(
      `SELECT run_id FROM runs WHERE year = ${year} AND framework_hash = '${hash}' AND status = 'complete' LIMIT 1`,
    );
    if (done.length > 0) {
      step(`run for ${year}: reusing ${String(done[0]!.run_id)}`);
      continue;
    }
    step(`computing the run for ${year}`);
    const summary = await computeYear(warehouse, {
      year,
      framework: frameworkFile,
      membership,
      ...(hasCuts.length === 0 && year === baseline && baseline !== undefined ? { baseline } : {}),
    });
    process.stderr.write(`run ${summary.runId}\n`);
  }
}

/** Builds web/dist with Vite when the app exists and has not been built. */
function ensureWebBuild(): void {
  if (!existsSync("web/vite.config.ts") || existsSync("web/dist/index.html")) return;
  step("building the web app (web/dist)");
  const result = spawnSync(
    process.execPath,
    ["node_modules/vite/bin/vite.js", "build", "--config", "web/vite.config.ts"],
    {
      stdio: "inherit",
    },
  );
  if (result.status !== 0) throw new Error("building the web app failed (see the output above)");
}

/** Creates demo accounts on a fresh workspace and writes their passwords to a private file. */
async function ensureDemoAccounts(
  workspaceDir: string,
  warehouse: Warehouse,
  secretsFile: string,
): Promise<void> {
  const workspace = await openWorkspace(workspaceLocation(process.env, workspaceDir));
  try {
    const users = new UserRepository(workspace.db);
    if ((await users.count()) > 0) {
      if (existsSync(secretsFile)) step(`demo accounts: see ${secretsFile}`);
      return;
    }
    const school = await warehouse.one<{ school_code: string; district_code: string }>(
      `SELECT school_code, district_code FROM schools
       WHERE year = (SELECT max(year) FROM schools) ORDER BY district_code, school_code LIMIT 1`,
    );
    const accounts: { email: string; role: AccountRole; district?: string; school?: string }[] = [
      { email: "hub.admin@example.org", role: "hub_admin" },
      {
        email: "district.admin@example.org",
        role: "district_admin",
        district: school.district_code,
      },
      {
        email: "principal@example.org",
        role: "school_staff",
        district: school.district_code,
        school: school.school_code,
      },
    ];
    const lines = ["# Demo accounts created by `collab start` (local use only).", ""];
    for (const a of accounts) {
      const password = randomBytes(12).toString("base64url");
      await createAccount(users, {
        email: a.email,
        displayName: a.email.split("@")[0]!,
        role: a.role,
        districtCode: a.district ?? null,
        schoolCode: a.school ?? null,
        password,
      });
      lines.push(
        `${a.email}\t${password}\t${a.role}${a.school ? ` of school ${a.school}` : a.district ? ` of district ${a.district}` : ""}`,
      );
    }
    writeFileSync(secretsFile, `${lines.join("\n")}\n`, { mode: 0o600 });
    step(`demo accounts created; passwords in ${secretsFile}`);
  } finally {
    await workspace.close();
  }
}

/**
 * Publishes, as the demo hub admin, each year's newest complete run that is not the current
 * publication, so that every reader (principals, the public) sees results.
 */
async function publishRuns(workspaceDir: string, warehouse: Warehouse): Promise<void> {
  const workspace = await openWorkspace(workspaceLocation(process.env, workspaceDir));
  try {
    const hub = (await new UserRepository(workspace.db).list({ role: "hub_admin" }))[0];
    if (!hub) return;
    const published = new PublishedRunRepository(workspace.db);
    const runs = await warehouse.all<{ run_id: string; year: number }>(
      `SELECT arg_max(run_id, created_at) AS run_id, year FROM runs WHERE status = 'complete'
       GROUP BY year ORDER BY year`,
    );
    for (const run of runs) {
      if (await published.isCurrent(run.run_id)) continue;
      await published.publish({ runId: run.run_id, year: run.year, by: hub.id });
      step(`published run ${run.run_id} (${run.year})`);
    }
  } finally {
    await workspace.close();
  }
}

/**
 * The improvement workspace's demo: a facilitator and a superintendent (the district admin of the
 * first demo pair's district) when missing, their passwords appended to the secrets file, then a
 * year of plans, PDSA cycles and meetings for the newest published run's first pairs and
 * communities (once: nothing is seeded when any plan exists).
 */
async function ensureWorkspaceDemo(
  workspaceDir: string,
  warehouse: Warehouse,
  frameworkFile: string,
  secretsFile: string,
): Promise<void> {
  const workspace = await openWorkspace(workspaceLocation(process.env, workspaceDir));
  try {
    const repos = workspaceRepositories(workspace.db);
    const hub = (await repos.users.list({ role: "hub_admin" }))[0];
    const newest = await repos.publishedRuns.history();
    const run = [...newest].sort((a, b) => b.year - a.year)[0];
    if (!hub || !run) return;
    const districts = await warehouse.all<{ district_code: string }>(
      "SELECT DISTINCT district_code FROM schools ORDER BY district_code LIMIT 4",
    );
    const shared = await seedDemoResources(
      repos,
      (when) => workspaceRepositories(workspace.db, () => when),
      loadFramework(frameworkFile),
      {
        districts: districts.map((d) => d.district_code),
        hubId: hub.id,
        start: new Date(Date.UTC(run.year - 1, 8, 1)),
      },
    );
    if (shared > 0) step(`shared resources: ${shared} demo resources with versions and ratings`);
    const pair = await warehouse.all<{ school_code: string }>(
      `SELECT school_code FROM pairings WHERE run_id = ? AND partner_code IS NOT NULL
       ORDER BY school_level, school_code LIMIT 1`,
      [run.runId],
    );
    const district = pair[0]?.school_code.slice(0, 7) ?? null;
    const wanted: { email: string; role: AccountRole; district: string | null; name: string }[] = [
      {
        email: "facilitator@example.org",
        role: "facilitator",
        district: null,
        name: "Facilitator",
      },
      ...(district
        ? [
            {
              email: "superintendent@example.org",
              role: "district_admin" as const,
              district,
              name: "Superintendent",
            },
          ]
        : []),
    ];
    for (const a of wanted) {
      if (await repos.users.findByEmail(a.email)) continue;
      const password = randomBytes(12).toString("base64url");
      await createAccount(repos.users, {
        email: a.email,
        displayName: a.name,
        role: a.role,
        districtCode: a.district,
        schoolCode: null,
        password,
      });
      appendFileSync(
        secretsFile,
        `${a.email}\t${password}\t${a.role}${a.district ? ` of district ${a.district}` : ""}\n`,
        { mode: 0o600 },
      );
      step(`demo account ${a.email} created; password in ${secretsFile}`);
    }
    const facilitator = await repos.users.findByEmail("facilitator@example.org");
    if (!facilitator) return;
    const now = new Date();
    const workStart = demoWorkStart(now);
    const made = await seedDemoPlans(
      disclosureReader(warehouse, loadFramework(frameworkFile)),
      repos,
      loadImprovementTemplates(),
      {
        runId: run.runId,
        year: run.year,
        facilitatorId: facilitator.id,
        hubId: hub.id,
        dated: (when) => workspaceRepositories(workspace.db, () => when),
        start: workStart,
        until: now,
      },
    );
    if (made === 0) return;
    step(`improvement workspace: ${made} demo plans with cycles and meetings`);
    // Only into the plans just made: never into a workspace people already work in.
    const learnt = await seedDemoLearning(repos, {
      facilitatorId: facilitator.id,
      year: run.year,
      start: workStart,
    });
    step(`two-way learning: ${learnt} demo entries; the change-idea library filled`);
  } finally {
    await workspace.close();
  }
}

/**
 * Asks the server for one school report and the tiers of the newest published run, so the run's
 * report data and its withheld index scores (a pass of suppression over the network) are loaded.
 */
async function warmReports(address: string): Promise<void> {
  const runs = (await (await fetch(`${address}/api/runs/published`)).json()) as {
    publications?: { run_id: string; year: number }[];
  };
  const newest = runs.publications?.sort((a, b) => b.year - a.year)[0];
  if (!newest) return;
  const schools = (await (await fetch(`${address}/api/schools`)).json()) as {
    schools?: { school_code: string }[];
  };
  const school = schools.schools?.[0]?.school_code;
  if (school) await fetch(`${address}/api/runs/${newest.run_id}/schools/${school}/report`);
  await fetch(`${address}/api/runs/${newest.run_id}/tiers`);
}

/**
 * `collab start`: the whole product on the embedded default, idempotently — a synthetic network,
 * validated and ingested into the warehouse, a run per year, the web app built, demo accounts,
 * then the server. Re-running reuses what is already there.
 */
export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("set up everything on a synthetic network and serve the web app (npm start)")
    .option("--dir <dir>", "folder for the network, warehouse and workspace", ".collab")
    .option("--students <n>", "students in the synthetic network", String(DEMO_NETWORK.students))
    .option("--districts <k>", "districts in the synthetic network", String(DEMO_NETWORK.districts))
    .option("--years <range>", "school years of the synthetic network", DEMO_NETWORK.years)
    .option("--seed <s>", "random seed of the synthetic network", String(DEMO_NETWORK.seed))
    .option("--framework <file>", "framework file", DEFAULT_FRAMEWORK)
    .option("--port <port>", "port", "8080")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--no-serve", "set up and compute, then exit without serving")
    .option("--no-build-web", "do not build web/dist when it is missing")
    .action(async (options: StartOptions) => {
      mkdirSync(options.dir, { recursive: true });
      const networkDir = join(options.dir, "network");
      const db = join(options.dir, "warehouse.duckdb");
      const workspaceDir = join(options.dir, "workspace");
      await ensureNetwork(networkDir, options);

      step(`validating and ingesting into ${db}`);
      const warehouse = await Warehouse.open(db);
      try {
        const progress = progressReporter();
        const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(networkDir), {
          onProgress: progress.onProgress,
        });
        progress.stop();
        const rejected = outcomes.filter((o) => o.status === "rejected");
        if (rejected.length > 0) {
          printOutcomes(rejected, { examples: 5 });
          throw new Error(`${rejected.length} submission(s) rejected; nothing computed`);
        }
        process.stderr.write(
          `${outcomes.length} submissions: ${outcomes.filter((o) => o.status === "unchanged").length} unchanged, ${outcomes.filter((o) => o.status !== "unchanged").length} loaded\n`,
        );
        const membership = await ensureDemoDistricts(workspaceDir, warehouse);
        await ensureRuns(warehouse, options.framework, membership);
        await ensureDemoAccounts(workspaceDir, warehouse, join(options.dir, "demo-accounts.txt"));
        await publishRuns(workspaceDir, warehouse);
        await ensureWorkspaceDemo(
          workspaceDir,
          warehouse,
          options.framework,
          join(options.dir, "demo-accounts.txt"),
        );
        await ensureDemoDirectory(workspaceDir);
      } finally {
        warehouse.close();
      }
      if (options.buildWeb) ensureWebBuild();
      if (!options.serve) {
        step("done (--no-serve)");
        return;
      }
      const address = await startServer({
        db,
        workspace: workspaceDir,
        framework: options.framework,
        port: options.port,
        host: options.host,
        web: "web/dist",
        secureCookies: false,
        buildWeb: options.buildWeb,
      });
      await warmReports(address).catch((error: unknown) =>
        process.stderr.write(`warming the report cache failed: ${String(error)}\n`),
      );
      step(`open ${address} in a browser (Ctrl-C stops the server)`);
    });
}
