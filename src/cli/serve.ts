import type { Command } from "commander";
import { loadFramework } from "../domain/framework/load-framework.ts";
import { buildApp } from "../server/app.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { systemClock } from "../workspace/clock.ts";
import {
  DEFAULT_WORKSPACE_DIR,
  openWorkspace,
  workspaceLocation,
} from "../workspace/open-workspace.ts";
import { DEFAULT_FRAMEWORK } from "./compute.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

export interface ServeOptions {
  db: string;
  workspace: string;
  framework: string;
  port: string;
  host: string;
  web: string;
  secureCookies: boolean;
}

/** Opens the warehouse and workspace and listens; stops cleanly on SIGINT/SIGTERM. Returns the address. */
export async function startServer(options: ServeOptions): Promise<string> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port "${options.port}"`);
  const framework = loadFramework(options.framework);
  const warehouse = await Warehouse.open(options.db);
  const workspace = await openWorkspace(workspaceLocation(process.env, options.workspace));
  const app = await buildApp({
    warehouse,
    workspace,
    framework,
    clock: systemClock,
    options: { webRoot: options.web, secureCookies: options.secureCookies, logger: false },
  });
  const stop = async () => {
    await app.close();
    await workspace.close();
    warehouse.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const address = await app.listen({ port, host: options.host });
  console.error(
    `collab serve: ${address} (warehouse ${options.db}, workspace ${workspace.description})`,
  );
  return address;
}

/**
 * `collab serve [--db FILE] [--workspace DIR] [--port 8080] [--host 127.0.0.1]`: opens the
 * warehouse (this process then owns it) and the workspace (PostgreSQL when DATABASE_URL is set),
 * and serves the API, plus `web/dist` with an SPA fallback when it was built.
 */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("serve the HTTP API (and the built web app, when web/dist exists)")
    .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE)
    .option(
      "--workspace <dir>",
      "workspace folder (PGlite) unless DATABASE_URL is set",
      DEFAULT_WORKSPACE_DIR,
    )
    .option("--framework <file>", "framework file", DEFAULT_FRAMEWORK)
    .option("--port <port>", "port", "8080")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--web <dir>", "built web app folder", "web/dist")
    .option("--secure-cookies", "mark cookies Secure (behind HTTPS)", false)
    .action(async (options: ServeOptions) => {
      await startServer(options);
    });
}
