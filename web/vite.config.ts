import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Observable Plot and the d3 and helper packages it is built on. */
const CHART_PACKAGES =
  /[\\/]node_modules[\\/](@observablehq[\\/]plot|d3(-[a-z-]+)?|internmap|delaunator|robust-predicates|interval-tree-1d|binary-search-bounds|isoformat)[\\/]/;

/** React, the router and the query cache: needed by every page, and changed less than our code. */
const FRAMEWORK_PACKAGES =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack[\\/][a-z-]+|cookie|set-cookie-parser)[\\/]/;

/** Our own modules pages share; not the chart modules, which would drag the charting library in. */
const SHARED_APP_CODE = /[\\/]web[\\/]src[\\/](components|format|api)[\\/]/;

/**
 * The web app: built into web/dist (served by `collab serve`); in development `vite --config
 * web/vite.config.ts` proxies /api to a running `collab serve` on COLLAB_API (default :8080).
 * Pages are loaded lazily (src/app.tsx); the charting library is its own chunk, fetched only by
 * the pages that draw charts.
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "charts", test: CHART_PACKAGES, priority: 2 },
            { name: "framework", test: FRAMEWORK_PACKAGES, priority: 1 },
            // Components and formatters several pages share, as one chunk rather than many tiny ones.
            { name: "shared", test: SHARED_APP_CODE, minShareCount: 2 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": process.env.COLLAB_API ?? "http://127.0.0.1:8080" },
  },
});
