import { once } from "node:events";
import { type ClientRequest, get, type IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_SCRYPT_PARAMS } from "../../src/accounts/password-hash.ts";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import {
  discloseExportRows,
  EXPORT_TABLES,
  type ExportTable,
} from "../../src/disclosure/export-tables.ts";
import { csvText } from "../../src/results/csv-text.ts";
import { readExportRows } from "../../src/results/export-rows.ts";
import { buildApp } from "../../src/server/app.ts";
import type { ServerOptions } from "../../src/server/server-context.ts";
import { PublishedRunRepository } from "../../src/workspace/published-run-repository.ts";
import { D1, type Harness, PRIOR, PUBLISHED, S1, signIn, startHarness } from "./fixture.ts";

/** A published run whose index_results is larger than every buffer between server and client. */
const BIG = "r2022-big";
const BIG_ROWS = 600_000;

let h: Harness;
const apps: FastifyInstance[] = [];

/** A server over the harness's stores with `options` (no decisions at start unless asked), listening on a free port. */
async function serve(options: ServerOptions): Promise<{ app: FastifyInstance; address: string }> {
  const app = await buildApp({
    warehouse: h.warehouse,
    workspace: h.workspace,
    framework: h.framework,
    clock: () => new Date(),
    options: { scryptParams: TEST_SCRYPT_PARAMS, warmUpRuns: 0, ...options },
  });
  apps.push(app);
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, address };
}

/** A download whose body is not read yet: the server can send only what the buffers hold. */
function openDownload(url: string): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => resolve({ req, res }));
    req.on("error", reject);
  });
}

async function readBody(res: IncomingMessage): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of res) pieces.push(piece as Buffer);
  return Buffer.concat(pieces).toString("utf8");
}

/** The export as the whole-table writer made it: every row read, disclosed, then written. */
async function wholeTableCsv(
  runId: string,
  table: ExportTable,
  suppress: boolean,
  district?: string,
): Promise<string | null> {
  const rows = await readExportRows(h.warehouse, runId, table, district);
  if (!rows) return null;
  const reader = disclosureReader(h.warehouse, h.framework);
  return csvText(await discloseExportRows(reader, runId, table, rows, suppress));
}

beforeAll(async () => {
  h = await startHarness();
  await h.warehouse.run(
    `INSERT INTO runs VALUES (?, 2022, 'core-sqii', 'CORE SQII', 'hash1', 'core-sqii-2023', '2023-07-01 00:00:00'::TIMESTAMP, '0.1.0', '{"prior_run":null}', 'complete')`,
    [BIG],
  );
  await h.warehouse.run(
    `INSERT INTO index_results
     SELECT ?, 2022, printf('09%012d', range), 'elementary', 40 + range % 600 / 10, 1 + range % 10, 5
     FROM range(${BIG_ROWS})`,
    [BIG],
  );
  await new PublishedRunRepository(h.workspace.db).publish({
    runId: BIG,
    year: 2022,
    by: h.userIds.hub_admin,
  });
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await h.close();
});

describe("export downloads beside the school report", () => {
  let app: FastifyInstance;
  let address: string;
  let expected: string;
  beforeAll(async () => {
    ({ app, address } = await serve({ exportConnections: 1 }));
    expected = (await wholeTableCsv(BIG, "index_results", true))!;
  });

  it("answers a school report while a large export is still being read, then finishes the export byte for byte", async () => {
    const before = app.readers.exportedRows;
    const download = await openDownload(`${address}/api/runs/${BIG}/exports/index_results`);
    expect(download.res.statusCode).toBe(200);
    const report = await app.inject({ url: `/api/runs/${PUBLISHED}/schools/${S1}/report` });
    expect(report.statusCode).toBe(200);
    // The export had not been read through when the report was answered: it waits on its client.
    expect(app.readers.exports.activity.busy).toBe(1);
    expect(app.readers.exportedRows - before).toBeLessThan(BIG_ROWS);
    const body = await readBody(download.res);
    expect(body.length).toBe(expected.length);
    expect(body === expected).toBe(true);
    expect(app.readers.exportedRows - before).toBe(BIG_ROWS);
  });

  it("stops reading an export whose client leaves, and gives its connection back", async () => {
    const before = app.readers.exportedRows;
    const download = await openDownload(`${address}/api/runs/${BIG}/exports/index_results`);
    await once(download.res, "data");
    download.req.destroy();
    await vi.waitFor(() => expect(app.readers.exports.activity.busy).toBe(0), {
      timeout: 30_000,
      interval: 20,
    });
    expect(app.readers.exportedRows - before).toBeLessThan(BIG_ROWS / 2);
    // The one export connection is free: the next export is served.
    const next = await app.inject({ url: `/api/runs/${PUBLISHED}/exports/identification` });
    expect(next.statusCode).toBe(200);
  });
});

describe("anonymous export limits", () => {
  it("answers 429 with Retry-After to an address over its exports at once, and serves it again once one ends", async () => {
    const { app, address } = await serve({ anonymousExportsAtOnce: 1 });
    const download = await openDownload(`${address}/api/runs/${BIG}/exports/index_results`);
    expect(download.res.statusCode).toBe(200);
    const refused = await app.inject({ url: `/api/runs/${PUBLISHED}/exports/identification` });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe("10");
    expect(refused.json().error.code).toBe("too_many_exports");
    // A signed-in reader is not counted per address.
    const { cookie } = await signIn(app, "hub_admin");
    const hub = await app.inject({
      url: `/api/runs/${PUBLISHED}/exports/identification`,
      headers: { cookie },
    });
    expect(hub.statusCode).toBe(200);
    download.req.destroy();
    await vi.waitFor(() => expect(app.readers.perAddress.of("127.0.0.1")).toBe(0), {
      timeout: 30_000,
      interval: 20,
    });
    const again = await app.inject({ url: `/api/runs/${PUBLISHED}/exports/identification` });
    expect(again.statusCode).toBe(200);
  });

  it("answers 429 with Retry-After to an address over its exports a minute; signed-in readers are not limited", async () => {
    const { app } = await serve({ anonymousExportsPerMinute: 2 });
    const url = `/api/runs/${PUBLISHED}/exports/identification`;
    expect((await app.inject({ url })).statusCode).toBe(200);
    expect((await app.inject({ url })).statusCode).toBe(200);
    const refused = await app.inject({ url });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // The school report is not limited.
    const report = await app.inject({ url: `/api/runs/${PUBLISHED}/schools/${S1}/report` });
    expect(report.statusCode).toBe(200);
    const { cookie } = await signIn(app, "hub_admin");
    for (let i = 0; i < 3; i++)
      expect((await app.inject({ url, headers: { cookie } })).statusCode).toBe(200);
  });
});

describe("the streamed CSV", () => {
  it("is byte for byte the whole-table CSV for every table and reader, a row at a time", async () => {
    const { app } = await serve({ exportBatchRows: 1, anonymousExportsPerMinute: 1000 });
    const hub = await signIn(app, "hub_admin");
    const district = await signIn(app, "district_admin");
    const readers = [
      { who: "anonymous", cookie: "", suppress: true, query: "" },
      { who: "anonymous", cookie: "", suppress: true, query: `?district=${D1}` },
      { who: "hub_admin", cookie: hub.cookie, suppress: false, query: "" },
      { who: "district_admin", cookie: district.cookie, suppress: false, query: `?district=${D1}` },
    ];
    let compared = 0;
    for (const runId of [PUBLISHED, PRIOR]) {
      for (const table of Object.keys(EXPORT_TABLES) as ExportTable[]) {
        for (const r of readers) {
          const res = await app.inject({
            url: `/api/runs/${runId}/exports/${table}${r.query}`,
            headers: r.cookie ? { cookie: r.cookie } : {},
          });
          const district = r.query ? D1 : undefined;
          const whole = await wholeTableCsv(runId, table, r.suppress, district);
          if (whole === null) {
            expect(res.statusCode, `${table} ${r.who}`).toBe(404);
            continue;
          }
          expect(res.statusCode, `${runId} ${table} ${r.who}`).toBe(200);
          expect(res.body, `${runId} ${table} ${r.who} ${r.query}`).toBe(whole);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });
});

describe("decisions at start", () => {
  it("decides the current published run of each of the latest years in the background once listening", async () => {
    const { app } = await serve({ warmUpRuns: 2 });
    expect(await app.warmUp).toEqual([PUBLISHED, PRIOR]);
    const { app: two } = await serve({ warmUpRuns: 1 });
    expect(await two.warmUp).toEqual([PUBLISHED]);
  });
});
