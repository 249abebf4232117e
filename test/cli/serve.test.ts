import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../../src/cli/serve.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openWorkspace, type Workspace } from "../../src/workspace/open-workspace.ts";

describe("createServer(options) of collab serve without a built web app", () => {
  let warehouse: Warehouse;
  let workspace: Workspace;
  let app: FastifyInstance | null = null;
  const dirs: string[] = [];
  const framework = loadFramework("frameworks/core-sqii.yaml");

  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:");
    workspace = await openWorkspace({ dataDir: ":memory:" });
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(async () => {
    await workspace.close();
    warehouse.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function emptyDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "collab-serve-"));
    dirs.push(dir);
    return dir;
  }

  it("answers / with a page that says how to build the app when it cannot be built", async () => {
    const web = emptyDir();
    app = await createServer(
      { web, secureCookies: false },
      { warehouse, workspace, framework },
      () => false,
    );
    const res = await app.inject({ url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain("npm run build:web");
    expect(res.body).toContain(web);
    expect((await app.inject({ url: "/api/runs" })).statusCode).toBe(200);
  });

  it("builds the app on first serve and then serves it at /", async () => {
    const web = emptyDir();
    const built: string[] = [];
    app = await createServer(
      { web, secureCookies: false },
      { warehouse, workspace, framework },
      (dir) => {
        built.push(dir);
        writeFileSync(join(dir, "index.html"), "<!doctype html><title>the app</title>");
        return true;
      },
    );
    expect(built).toEqual([web]);
    const res = await app.inject({ url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("the app");
  });

  it("with --no-build-web does not build and still answers / with the page", async () => {
    const web = emptyDir();
    app = await createServer(
      { web, secureCookies: false, buildWeb: false },
      { warehouse, workspace, framework },
      () => {
        throw new Error("must not build");
      },
    );
    const res = await app.inject({ url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("npm run build:web");
  });
});
