import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import type { FastifyInstance } from "fastify";
import {
  DEFAULT_OVERLAY_DIR,
  loadDistrictOverlays,
} from "../domain/framework/load-district-overlay.ts";
import { loadFramework } from "../domain/framework/load-framework.ts";
import { buildApp } from "../server/app.ts";
import type { ServerDeps } from "../server/server-context.ts";
import { computeYearOn } from "../submissions/compute-year.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { systemClock } from "../workspace/clock.ts";
import {
  DEFAULT_WORKSPACE_DIR,
  openWorkspace,
  workspaceLocation,
} from "../workspace/open-workspace.ts";
import { codeVersion, DEFAULT_FRAMEWORK } from "./compute.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

export interface ServeOptions {
  db: string;
  workspace: string;
  framework: string;
  port: string;
  host: string;
  web: string;
  secureCookies: boolean;
  /** Build `web/dist` when it is the folder served and has no index.html (default true). */
  buildWeb?: boolean;
  /** DuckDB memory limit (default 3GB, as `collab ingest` and `collab compute`). */
  memoryLimit?: string;
  /** Largest CSV file (or zip entry, uncompressed) of a browser submission, in MiB. */
  uploadMaxFileMib?: string;
  /** Largest browser submission in all, in MiB. */
  uploadMaxTotalMib?: string;
}

/** A positive number of MiB from an option, in bytes (undefined when not given). */
function mib(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0)) throw new Error(`invalid ${option} "${text}": a positive number of MiB`);
  return Math.round(n * 1024 * 1024);
}

/** The folder `npm run build:web` writes, relative to the project root. */
const DEFAULT_WEB = "web/dist";

/**
 * Builds the web app into `web/dist` with the project's build script when `webDir` is that folder,
 * it has no index.html and the web sources are there (a checkout, not a server-only install).
 * Returns whether an index.html exists afterwards; a failed build is reported, not thrown, so the
 * API still starts.
 */
export function buildWebIfMissing(webDir: string): boolean {
  if (existsSync(join(webDir, "index.html"))) return true;
  const script = resolve("scripts/build-web.mjs");
  if (resolve(webDir) !== resolve(DEFAULT_WEB) || !existsSync(script)) return false;
  if (!existsSync(resolve("node_modules/vite/bin/vite.js"))) return false;
  process.stderr.write("collab serve: building the web app into web/dist (first serve)\n");
  const result = spawnSync(process.execPath, [script], { stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) process.stderr.write("collab serve: building the web app failed\n");
  return existsSync(join(webDir, "index.html"));
}

/**
 * The page `/` answers when there is no built web app: what is missing and how to build it (the
 * API under /api works either way).
 */
export function noWebAppPage(webDir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>District Collaborative: web app not built</title></head>
<body><main>
<h1>The web app is not built</h1>
<p>This server answers the API under <code>/api</code> (documentation at <a href="/api/docs">/api/docs</a>),
but there is no built web app in <code>${escapeHtml(webDir)}</code>.</p>
<p>To build it, run <code>npm run build:web</code> in the project folder, then restart
<code>collab serve</code>. <code>collab serve</code> builds it itself on its first start when it serves
<code>web/dist</code> from a checkout with its development dependencies installed.</p>
</main></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The server \`collab serve\` runs, not yet listening: the API, plus the web app from \`options.web\`
 * (built first when missing, see {@link buildWebIfMissing}), or at \`/\` a page that says how to
 * build it.
 */
export async function createServer(
  options: Pick<
    ServeOptions,
    "web" | "secureCookies" | "buildWeb" | "uploadMaxFileMib" | "uploadMaxTotalMib"
  > & { uploadsDir?: string },
  deps: Pick<ServerDeps, "warehouse" | "workspace" | "framework" | "computeYear">,
  build: (webDir: string) => boolean = buildWebIfMissing,
): Promise<FastifyInstance> {
  const built =
    (options.buildWeb ?? true) ? build(options.web) : existsSync(join(options.web, "index.html"));
  const app = await buildApp({
    ...deps,
    clock: systemClock,
    options: {
      webRoot: options.web,
      secureCookies: options.secureCookies,
      logger: false,
      ...(options.uploadsDir !== undefined ? { uploadsDir: options.uploadsDir } : {}),
      // The districts' local measures, for the computes the hub starts from its page.
      overlays: loadDistrictOverlays(DEFAULT_OVERLAY_DIR, deps.framework),
      uploadLimits: {
        ...optional("maxFileBytes", mib(options.uploadMaxFileMib, "--upload-max-file-mib")),
        ...optional("maxTotalBytes", mib(options.uploadMaxTotalMib, "--upload-max-total-mib")),
      },
    },
  });
  if (!built) {
    const page = noWebAppPage(options.web);
    app.get(
      "/",
      { config: { access: { public: "how to build the web app" } }, schema: { hide: true } },
      (_request, reply) => reply.type("text/html; charset=utf-8").send(page),
    );
  }
  return app;
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** Opens the warehouse and workspace and listens; stops cleanly on SIGINT/SIGTERM. Returns the address. */
export async function startServer(options: ServeOptions): Promise<string> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port "${options.port}"`);
  const framework = loadFramework(options.framework);
  // the server loads browser submissions and computes: the same memory limit as the CLI's
  const warehouse = await Warehouse.open(options.db, {
    memoryLimit: options.memoryLimit ?? "3GB",
  });
  const workspace = await openWorkspace(workspaceLocation(process.env, options.workspace));
  // browser submissions are staged beside the warehouse, on the same disk
  const uploadsDir = join(dirname(resolve(options.db)), "uploads");
  const computeYear = computeYearOn(
    warehouse,
    framework,
    readFileSync(options.framework),
    codeVersion(),
  );
  const app = await createServer(
    { ...options, uploadsDir },
    { warehouse, workspace, framework, computeYear },
  );
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
 * and serves the API, plus `web/dist` with an SPA fallback (built on the first serve when
 * missing; else `/` says how to build it).
 */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description(
      "serve the HTTP API and the web app (built on first serve when web/dist is missing)",
    )
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
    .option(
      "--secure-cookies",
      "mark cookies Secure on every request (default: on requests that came over HTTPS, or whose proxy says X-Forwarded-Proto: https)",
      false,
    )
    .option("--no-build-web", "do not build web/dist when it is missing")
    .option("--memory-limit <size>", "DuckDB memory limit (see docs/operations.md)", "3GB")
    .option(
      "--upload-max-file-mib <n>",
      "largest CSV file (or zip entry, uncompressed) a browser submission may hold, in MiB (default 1024)",
    )
    .option(
      "--upload-max-total-mib <n>",
      "largest browser submission in all, in MiB (default 4096)",
    )
    .action(async (options: ServeOptions) => {
      await startServer(options);
    });
}
