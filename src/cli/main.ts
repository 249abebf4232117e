import { Command } from "commander";

/**
 * The `collab` command line. Each command lives in its own file under src/cli/ and exports a
 * `register…Command(program)` function; this file only wires them together.
 */
const program = new Command()
  .name("collab")
  .description(
    "District Collaborative: multiple measures of school quality for a network of districts",
  )
  .showHelpAfterError();

/**
 * Each command's file, imported only when that command runs (or every one, for the overall help):
 * the web server and the measures pull in large modules that `collab ingest` does not need, and
 * importing all of them took about a second before any command started.
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  start: async () => (await import("./start.ts")).registerStartCommand,
  synth: async () => (await import("./synth.ts")).registerSynthCommand,
  ingest: async () => (await import("./ingest.ts")).registerIngestCommand,
  validate: async () => (await import("./validate.ts")).registerValidateCommand,
  compute: async () => (await import("./compute.ts")).registerComputeCommand,
  export: async () => (await import("./export.ts")).registerExportCommand,
  explain: async () => (await import("./explain.ts")).registerExplainCommand,
  peers: async () => (await import("./peers.ts")).registerPeersCommand,
  override: async () => (await import("./override.ts")).registerOverrideCommand,
  users: async () => (await import("./users.ts")).registerUsersCommand,
  districts: async () => (await import("./districts.ts")).registerDistrictsCommand,
  audit: async () => (await import("./audit.ts")).registerAuditCommand,
  dashboard: async () => (await import("./dashboard.ts")).registerDashboardCommand,
  serve: async () => (await import("./serve.ts")).registerServeCommand,
  ontrack: async () => (await import("./ontrack.ts")).registerOntrackCommand,
  submissions: async () => (await import("./submissions.ts")).registerSubmissionsCommand,
};

const requested = process.argv[2];
const names =
  requested !== undefined && Object.hasOwn(COMMANDS, requested)
    ? [requested]
    : Object.keys(COMMANDS);
for (const name of names) (await COMMANDS[name]!())(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
