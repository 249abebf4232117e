import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { openWorkspace } from "../../src/workspace/open-workspace.ts";
import { describeStorageSuite } from "../workspace/storage-suite.ts";

const ADMIN_URL =
  process.env.COLLAB_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DATABASE = `collab_test_${randomBytes(6).toString("hex")}`;

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`create database ${DATABASE}`);
});
afterAll(async () => {
  await admin(`drop database if exists ${DATABASE} with (force)`);
});

describeStorageSuite("PostgreSQL", () =>
  openWorkspace({ databaseUrl: databaseUrl(DATABASE) }, { migrate: false }),
);
