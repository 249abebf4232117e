import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SCRYPT_PARAMS } from "../../src/accounts/password-hash.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { buildApp } from "../../src/server/app.ts";
import { SubmissionRepository } from "../../src/workspace/submission-repository.ts";
import { UserRepository } from "../../src/workspace/user-repository.ts";
import {
  FIXTURE_SUBMISSION,
  pollAs,
  type SubmissionHarness,
  startSubmissionHarness,
} from "./submission-harness.ts";

let h: SubmissionHarness;
beforeAll(async () => {
  h = await startSubmissionHarness();
});
afterAll(() => h.close());

describe("a job a stopped server left queued", () => {
  it("runs when the next server starts, from the files it had staged", async () => {
    const id = "c".repeat(32);
    const staged = join(h.uploadsDir, id);
    mkdirSync(staged, { recursive: true });
    cpSync(FIXTURE_SUBMISSION, staged, { recursive: true });
    const lead = await new UserRepository(h.workspace.db).findByEmail("district_admin@example.org");
    await new SubmissionRepository(h.workspace.db).create({
      id,
      districtCode: "0100001",
      year: 2024,
      submittedBy: lead!.id,
      files: [],
    });
    // the next server over the same warehouse, workspace and staging folder
    const next = await buildApp({
      warehouse: h.warehouse,
      workspace: h.workspace,
      framework: loadFramework("frameworks/core-sqii.yaml"),
      clock: () => new Date(),
      options: { scryptParams: TEST_SCRYPT_PARAMS, uploadsDir: h.uploadsDir },
    });
    await next.ready();
    try {
      const done = await pollAs<{ status: string; row_counts: Record<string, number> }>(
        next,
        "district_admin",
        `/api/submissions/${id}`,
        (b) => b.status !== "queued" && b.status !== "validating",
      );
      expect(done.status).toBe("accepted");
      const n = await h.warehouse.one<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM students WHERE district_code = '0100001' AND year = 2024",
      );
      expect(n.n).toBe(done.row_counts.students);
    } finally {
      await next.close();
    }
  });
});
