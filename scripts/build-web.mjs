#!/usr/bin/env node
// Builds the web app into web/dist with Vite. `--if-stale` builds only when web/dist is missing
// or older than a file under web/src (or web/index.html, web/vite.config.ts). Exit code 1 on a
// failed build. Usable from other scripts: `node scripts/build-web.mjs --if-stale`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "web/dist/index.html");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(built) ||
  Math.max(
    newestSource(join(root, "web/src")),
    statSync(join(root, "web/index.html")).mtimeMs,
    statSync(join(root, "web/vite.config.ts")).mtimeMs,
  ) > statSync(built).mtimeMs;

if (process.argv.includes("--if-stale") && !stale) {
  process.stderr.write("web/dist is up to date\n");
  process.exit(0);
}
const result = spawnSync(
  process.execPath,
  [join(root, "node_modules/vite/bin/vite.js"), "build", "--config", join(root, "web/vite.config.ts")],
  { stdio: "inherit", cwd: root },
);
process.exit(result.status ?? 1);
