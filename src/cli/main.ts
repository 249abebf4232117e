import { Command } from "commander";
import { registerComputeCommand } from "./compute.ts";
import { registerExplainCommand } from "./explain.ts";
import { registerExportCommand } from "./export.ts";
import { registerIngestCommand } from "./ingest.ts";
import { registerOverrideCommand } from "./override.ts";
import { registerPeersCommand } from "./peers.ts";
import { registerServeCommand } from "./serve.ts";
import { registerStartCommand } from "./start.ts";
import { registerSynthCommand } from "./synth.ts";
import { registerUsersCommand } from "./users.ts";
import { registerValidateCommand } from "./validate.ts";

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

// Commands register here, one line each.
registerStartCommand(program);
registerSynthCommand(program);
registerIngestCommand(program);
registerValidateCommand(program);
registerComputeCommand(program);
registerExportCommand(program);
registerExplainCommand(program);
registerPeersCommand(program);
registerOverrideCommand(program);
registerUsersCommand(program);
registerServeCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
