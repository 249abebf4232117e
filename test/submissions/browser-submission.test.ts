import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { DistrictRepository } from "../../src/workspace/district-repository.ts";
import { onboardDistricts } from "../collaborative/onboard-districts.ts";
import { copyAsDistrict, copyFixture } from "../ingest/submission-fixture.ts";
import { warehouseChecksums } from "../ingest/warehouse-checksums.ts";
import {
  fixtureFiles,
  getAs,
  pollAs,
  type SubmissionHarness,
  startSubmissionHarness,
  upload,
} from "./submission-harness.ts";
import { zipBytes } from "./zip-bytes.ts";

const D1 = "0100001";
const D2 = "0200002";
const YEAR = 2024;

interface Detail {
  id: string;
  status: string;
  files: { name: string; bytes: number; sha256: string | null; rows: number | null }[];
  row_counts: Record<string, number> | null;
  changes: Record<string, { before: number; after: number; gained: number; lost: number }> | null;
  replaces: string | null;
  message: string;
  submitted_by: string;
  report: {
    errors: number;
    values_shown: boolean;
    groups: {
      rule: string;
      file: string;
      count: number;
      examples: {
        line: number | null;
        column: string | null;
        value: string | null;
        message: string;
      }[];
    }[];
  } | null;
}

let h: SubmissionHarness;
const files = () => [...fixtureFiles()].map(([name, data]) => ({ name, data }));
const finished = (id: string, who: "district_admin" | "hub_admin" = "district_admin") =>
  pollAs<Detail>(h.app, who, `/api/submissions/${id}`, (b) =>
    ["accepted", "rejected", "failed"].includes(b.status),
  );

beforeAll(async () => {
  h = await startSubmissionHarness();
  // district D2's 2024 year arrives by `collab ingest` (the same warehouse, before the server)
  const { network, submission } = copyFixture();
  copyAsDistrict(submission, network, D2, "20000000");
  const d2 = discoverSubmissions(network).filter((s) => s.districtCode === D2);
  const [outcome] = await ingestSubmissions(h.warehouse, d2);
  expect(outcome!.status).toBe("accepted");
}, 60_000);
afterAll(() => h.close());

describe("submission in the browser: upload → background validation → accept or reject whole", () => {
  it("the hub sees D1 missing and D2 accepted for the year, and cannot compute yet", async () => {
    const status = (await getAs(h.app, "hub_admin", `/api/years/${YEAR}/submission-status`)).json();
    expect(status.complete).toBe(false);
    expect(
      status.districts.map((d: { district_code: string; status: string }) => [
        d.district_code,
        d.status,
      ]),
    ).toEqual([
      [D1, "missing"],
      [D2, "accepted"],
    ]);
    const { cookie, csrf } = await import("../server/fixture.ts").then((m) =>
      m.signIn(h.app, "hub_admin"),
    );
    const compute = await h.app.inject({
      method: "POST",
      url: `/api/years/${YEAR}/computes`,
      headers: { cookie, "x-csrf-token": csrf },
    });
    expect(compute.statusCode).toBe(409);
    expect(compute.json().error.code).toBe("year_incomplete");
  });

  it("rejects a year with one broken file whole: the report names file, line, column and value; the warehouse is unchanged", async () => {
    const before = await warehouseChecksums(h.warehouse);
    const broken = files().map((f) =>
      f.name === "enrollments.csv"
        ? {
            ...f,
            data: f.data.replace(
              "1000000002,01000010000011,4,2023-08-16,,180,21,Y",
              "1000000002,01000010000011,4,2023-08-16,,18o,21,Y",
            ),
          }
        : f,
    );
    const res = await upload(h.app, "district_admin", D1, YEAR, broken);
    expect(res.statusCode).toBe(202);
    expect(["queued", "validating"]).toContain(res.json().status);
    const done = await finished(res.json().id);
    expect(done.status).toBe("rejected");
    const type = done.report!.groups.find(
      (g) => g.rule === "type" && g.file === "enrollments.csv",
    )!;
    expect(type.count).toBe(1);
    expect(type.examples[0]).toMatchObject({ line: 3, column: "days_enrolled", value: "18o" });
    const status = (await getAs(h.app, "hub_admin", `/api/years/${YEAR}/submission-status`)).json();
    expect(status.districts[0]).toMatchObject({ district_code: D1, status: "rejected" });
    expect(done.report!.values_shown).toBe(true);
    expect(await warehouseChecksums(h.warehouse)).toEqual(before);

    const csv = await getAs(h.app, "district_admin", `/api/submissions/${done.id}/report.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\n")[0]).toBe(
      "severity,rule,file,group_count,line,column,value,message",
    );
    expect(csv.body).toContain("error,type,enrollments.csv,1,3,days_enrolled,18o,");

    // the hub reads where the problems are, not the values (student-level rows)
    const hub = (await getAs(h.app, "hub_admin", `/api/submissions/${done.id}`)).json() as Detail;
    expect(hub.report!.values_shown).toBe(false);
    const hubType = hub.report!.groups.find((g) => g.rule === "type")!;
    expect(hubType.examples[0]).toMatchObject({ line: 3, column: "days_enrolled", value: null });
    expect(hubType.examples[0]!.message).not.toContain("18o");
  });

  it("accepts the fixed year whole, with file hashes and row counts, as collab ingest would load it", async () => {
    const res = await upload(h.app, "district_admin", D1, YEAR, files());
    const done = await finished(res.json().id);
    expect(done.status, done.message).toBe("accepted");
    expect(done.submitted_by).toBe("district_admin");
    const enrollments = done.files.find((f) => f.name === "enrollments.csv")!;
    expect(enrollments.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(enrollments.rows).toBe(done.row_counts!.enrollments);
    const stored = await h.warehouse.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM enrollments WHERE district_code = ? AND year = ?",
      [D1, YEAR],
    );
    expect(stored.n).toBe(done.row_counts!.enrollments);
    const status = (await getAs(h.app, "hub_admin", `/api/years/${YEAR}/submission-status`)).json();
    expect(status.complete).toBe(true);
  });

  it("keeps the history per district and year with what each accepted submission changed", async () => {
    // one student's enrollment removed, one changed: −1 row, and one row −1 +1
    const changed = files().map((f) =>
      f.name === "enrollments.csv"
        ? {
            ...f,
            data: f.data.replace(
              "1000000001,01000010000011,3,2023-08-16,,180,4,Y",
              "1000000001,01000010000011,3,2023-08-16,,180,5,Y",
            ),
          }
        : f,
    );
    const res = await upload(h.app, "district_admin", D1, YEAR, changed);
    const done = await finished(res.json().id);
    expect(done.status).toBe("accepted");
    expect(done.replaces).toMatch(new RegExp(`^${D1}-${YEAR}-`));
    expect(done.changes!.enrollments).toMatchObject({ gained: 1, lost: 1 });
    expect(done.changes!.students).toMatchObject({ gained: 0, lost: 0 });

    const history = (
      await getAs(h.app, "district_admin", `/api/submissions?district=${D1}&year=${YEAR}`)
    ).json();
    expect(history.submissions.map((s: { status: string }) => s.status)).toEqual([
      "accepted",
      "accepted",
      "rejected",
    ]);
    // the same bytes again change nothing
    const again = await finished(
      (await upload(h.app, "district_admin", D1, YEAR, changed)).json().id,
    );
    expect(again.status).toBe("accepted");
    expect(again.message).toContain("nothing changed");
  });

  it("accepts one zip holding the year (in a folder), as the CSV files", async () => {
    const zip = zipBytes(
      files().map((f) => ({
        name: `alder-2024/${f.name}`,
        data: f.data.replace(",180,5,Y", ",180,6,Y"),
      })),
    );
    const done = await finished(
      (
        await upload(h.app, "district_admin", D1, YEAR, [{ name: "alder-2024.zip", data: zip }])
      ).json().id,
    );
    expect(done.status, done.message).toBe("accepted");
    expect(done.files.map((f) => f.name)).toContain("enrollments.csv");
    expect(done.changes!.enrollments).toMatchObject({ gained: 1, lost: 1 });
  });

  it("the hub starts the compute once the year is complete, and follows its progress to the run", async () => {
    const { signIn } = await import("../server/fixture.ts");
    const { cookie, csrf } = await signIn(h.app, "hub_admin");
    const res = await h.app.inject({
      method: "POST",
      url: `/api/years/${YEAR}/computes`,
      headers: { cookie, "x-csrf-token": csrf },
    });
    expect(res.statusCode, res.body).toBe(202);
    const job = await pollAs<{
      status: string;
      run_id: string | null;
      stages_done: number;
      stages: number;
      error: string | null;
    }>(
      h.app,
      "hub_admin",
      `/api/computes/${res.json().id}`,
      (b) => b.status === "done" || b.status === "failed",
      120_000,
    );
    expect(job.error).toBeNull();
    expect(job.status).toBe("done");
    expect(job.stages_done).toBe(job.stages);
    const run = await h.warehouse.one<{ year: number }>("SELECT year FROM runs WHERE run_id = ?", [
      job.run_id!,
    ]);
    expect(run.year).toBe(YEAR);
  }, 120_000);
});

describe("a district's data lead sees and submits only for its own district", () => {
  it("D2's data lead cannot read D1's submissions, their reports, nor submit for D1", async () => {
    const [d1] = (await getAs(h.app, "district_admin", `/api/submissions?district=${D1}`)).json()
      .submissions as { id: string }[];
    for (const url of [
      `/api/submissions?district=${D1}`,
      `/api/submissions/${d1!.id}`,
      `/api/submissions/${d1!.id}/report.csv`,
      "/api/submissions",
      `/api/years/${YEAR}/submission-status`,
    ]) {
      const res = await getAs(h.app, "other_district_admin", url);
      expect(res.statusCode, url).toBe(403);
    }
    const res = await upload(h.app, "other_district_admin", D1, YEAR, files());
    expect(res.statusCode).toBe(403);
    for (const who of ["school_staff", "facilitator", "network_member"] as const)
      expect((await upload(h.app, who, D1, YEAR, files())).statusCode, who).toBe(403);
    expect((await upload(h.app, "anonymous", D1, YEAR, files())).statusCode).toBe(401);
  });
});

describe("the district's data-sharing agreement decides what the server accepts (issue #18)", () => {
  it("refuses a district that is not onboarded before a byte is staged; the warehouse is unchanged", async () => {
    const before = await warehouseChecksums(h.warehouse);
    const res = await upload(h.app, "hub_admin", "0300003", YEAR, files());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("submission_not_allowed");
    expect(res.json().error.message).toMatch(/not onboarded/);
    expect(await warehouseChecksums(h.warehouse)).toEqual(before);
  });

  it("refuses a year outside the agreement, and tables outside its data kinds once the files are staged", async () => {
    const districts = new DistrictRepository(h.workspace.db);
    const before = await warehouseChecksums(h.warehouse);
    // In force today, covering 2025 onwards only, and only the directory tables.
    await districts.recordAgreement(D1, {
      signedOn: "2020-01-01",
      startsOn: "2020-01-01",
      endsOn: "2099-12-31",
      firstYear: 2025,
      lastYear: 2030,
      dataKinds: ["schools", "students", "enrollments"],
    });
    try {
      const outside = await upload(h.app, "district_admin", D1, YEAR, files());
      expect(outside.statusCode).toBe(403);
      expect(outside.json().error.message).toMatch(/2024/);
      const kinds = await upload(h.app, "district_admin", D1, 2025, files());
      expect(kinds.statusCode).toBe(202);
      const done = await finished(kinds.json().id);
      expect(done.status).toBe("rejected");
      expect(done.message).toMatch(/refused by the data-sharing agreement/);
      expect(await warehouseChecksums(h.warehouse)).toEqual(before);
    } finally {
      await onboardDistricts(h.workspace.db, [{ code: D1 }]);
    }
  });
});
