#!/usr/bin/env node
// Builds the web app into web/dist with Vite. `--if-stale` builds only when web/dist is missing
// or older than a file under web/src (or web/index.html, web/vite.config.ts, or a module of src/
// the app bundles: SHARED_SOURCES). Exit code 1 on a
// failed build. Usable from other scripts: `node scripts/build-web.mjs --if-stale`.
// Text files get .br and .gz siblings, which `collab serve` sends to browsers that accept them.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

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

/** Engine modules the web app bundles (value imports from src/: plain functions, no imports). */
const SHARED_SOURCES = ["src/results/csv-text.ts", "src/results/student-filter.ts"];

const stale =
  !existsSync(built) ||
  Math.max(
    newestSource(join(root, "web/src")),
    ...SHARED_SOURCES.map((file) => statSync(join(root, file)).mtimeMs),
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
if (result.status !== 0) process.exit(result.status ?? 1);

function compressTextFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) compressTextFiles(path);
    else if (/\.(js|css|html|svg|json)$/.test(entry.name)) {
      const body = readFileSync(path);
      writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
      writeFileSync(
        `${path}.br`,
        brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
    }
  }
}
compressTextFiles(join(root, "web/dist"));
