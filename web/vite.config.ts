import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The web app: built into web/dist (served by `collab serve`); in development `vite --config
 * web/vite.config.ts` proxies /api to a running `collab serve` on COLLAB_API (default :8080).
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: { "/api": process.env.COLLAB_API ?? "http://127.0.0.1:8080" },
  },
});
