import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { hashPassword, TEST_SCRYPT_PARAMS } from "../../src/accounts/password-hash.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { buildApp } from "../../src/server/app.ts";
import type { UploadLimits } from "../../src/submissions/upload-limits.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openWorkspace, type Workspace } from "../../src/workspace/open-workspace.ts";
import { UserRepository } from "../../src/workspace/user-repository.ts";
import { onboardDistricts } from "../collaborative/onboard-districts.ts";
import { FIXTURE_NETWORK } from "../ingest/submission-fixture.ts";
import { ACCOUNTS, signIn, type Who } from "../server/fixture.ts";
import { multipartBody } from "./zip-bytes.ts";

/** The fixture submission's folder (district 0100001, 2024). */
export const FIXTURE_SUBMISSION = join(FIXTURE_NETWORK, "districts", "0100001", "2024");

/** The fixture submission's files, by name, as text (tests change one and upload them). */
export function fixtureFiles(dir = FIXTURE_SUBMISSION): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), "utf8")]),
  );
}

export interface SubmissionHarness {
  readonly app: FastifyInstance;
  readonly warehouse: Warehouse;
  readonly workspace: Workspace;
  readonly uploadsDir: string;
  close(): Promise<void>;
}

/**
 * A server over an empty warehouse (a file in a temp folder, as `collab serve` has) and a
 * workspace with the matrix's accounts; uploads staged in a temp folder, with `limits`.
 */
export async function startSubmissionHarness(
  limits: Partial<UploadLimits> = {},
): Promise<SubmissionHarness> {
  const dir = mkdtempSync(join(tmpdir(), "collab-submissions-"));
  const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
  const workspace = await openWorkspace({ dataDir: ":memory:" });
  const users = new UserRepository(workspace.db);
  const hash = await hashPassword("correct horse battery staple", TEST_SCRYPT_PARAMS);
  for (const [name, a] of Object.entries(ACCOUNTS)) {
    await users.create({
      email: `${name}@example.org`,
      displayName: name,
      passwordHash: hash,
      role: a.role,
      districtCode: a.districtCode,
      schoolCode: a.schoolCode,
    });
  }
  // Both test districts are onboarded with an agreement covering every year and table.
  await onboardDistricts(workspace.db, [{ code: "0100001" }, { code: "0200002" }]);
  const uploadsDir = join(dir, "uploads");
  const app = await buildApp({
    warehouse,
    workspace,
    framework: loadFramework("frameworks/core-sqii.yaml"),
    clock: () => new Date(),
    options: {
      scryptParams: TEST_SCRYPT_PARAMS,
      loginRequestsPerMinute: 1000,
      uploadsDir,
      uploadLimits: limits,
    },
  });
  await app.ready();
  return {
    app,
    warehouse,
    workspace,
    uploadsDir,
    close: async () => {
      await app.close();
      await workspace.close();
      warehouse.close();
    },
  };
}

/** Uploads `files` for (district, year) as `who`; returns the response. */
export async function upload(
  app: FastifyInstance,
  who: Who,
  district: string,
  year: number,
  files: readonly { name: string; data: Buffer | string }[],
) {
  const { cookie, csrf } = await signIn(app, who);
  const { body, contentType } = multipartBody(files);
  return app.inject({
    method: "POST",
    url: `/api/districts/${district}/years/${year}/submissions`,
    headers: {
      "content-type": contentType,
      ...(cookie ? { cookie } : {}),
      ...(csrf ? { "x-csrf-token": csrf } : {}),
    },
    payload: body,
  });
}

/** GET `url` as `who`. */
export async function getAs(app: FastifyInstance, who: Who, url: string) {
  const { cookie } = await signIn(app, who);
  return app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
}

/** Polls `url` as `who` (as the page does) until `done` says so; returns the last body. */
export async function pollAs<T>(
  app: FastifyInstance,
  who: Who,
  url: string,
  done: (body: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const { cookie } = await signIn(app, who);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
    const body = res.json() as T;
    if (done(body)) return body;
    if (Date.now() > end)
      throw new Error(`GET ${url}: not done after ${timeoutMs} ms: ${res.body}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
