import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { buildApp } from "../../src/server/app.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openWorkspace, type Workspace } from "../../src/workspace/open-workspace.ts";

const INDEX_HTML = '<!doctype html><script type="module" src="/assets/index-Ab12.js"></script>';
const ENTRY = `import("./page-Cd34.js");${" ".repeat(2000)}`;
const PAGE = "export const page = 1;";

describe("buildApp({ options: { webRoot } }) serving a web build", () => {
  let dir: string;
  let app: FastifyInstance;
  let warehouse: Warehouse;
  let workspace: Workspace;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "collab-web-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), INDEX_HTML);
    writeFileSync(join(dir, "assets/index-Ab12.js"), ENTRY);
    writeFileSync(join(dir, "assets/index-Ab12.js.gz"), gzipSync(ENTRY));
    writeFileSync(join(dir, "assets/page-Cd34.js"), PAGE);
    warehouse = await Warehouse.open(":memory:");
    workspace = await openWorkspace({ dataDir: ":memory:" });
    app = await buildApp({
      warehouse,
      workspace,
      framework: loadFramework("frameworks/core-sqii.yaml"),
      clock: () => new Date(),
      options: { webRoot: dir },
    });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await workspace.close();
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves every chunk of the build as JavaScript, cached for a year as immutable", async () => {
    for (const [name, body] of [
      ["index-Ab12.js", ENTRY],
      ["page-Cd34.js", PAGE],
    ] as const) {
      const res = await app.inject({ url: `/assets/${name}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(res.body).toBe(body);
    }
  });

  it("sends the precompressed file to a browser that accepts gzip", async () => {
    const res = await app.inject({
      url: "/assets/index-Ab12.js",
      headers: { "accept-encoding": "gzip" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(res.rawPayload.length).toBe(gzipSync(ENTRY).length);
  });

  it("has index.html revalidated on every use, at / and at any app address", async () => {
    for (const url of ["/", "/index.html", "/schools/01000010000001/peers"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"], url).toMatch(/^text\/html/);
      expect(res.headers["cache-control"], url).toBe("no-cache");
      expect(res.body, url).toBe(INDEX_HTML);
    }
  });

  it("answers 404, not the app, for a chunk the build does not have and for unknown API routes", async () => {
    for (const url of ["/assets/page-OLD1.js", "/api/nothing-here"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"], url).toMatch(/^application\/json/);
    }
  });
});
