import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import { D1, type Harness, PUBLISHED, signIn, startHarness, type Who } from "./fixture.ts";

/** An export of figures the public sees suppressed is an audited act of the user who made it. */
describe("unsuppressed exports are audited", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.close());

  const exportAs = async (who: Who, query = "") => {
    const { cookie } = await signIn(h.app, who);
    const res = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/exports/metric_results${query}`,
      headers: cookie ? { cookie } : {},
    });
    expect(res.statusCode).toBe(200);
    return res;
  };
  const exports = async () =>
    (await new AuditLog(h.workspace.db).list()).filter((r) => r.action === "export");

  it("records the hub analyst's unsuppressed export, and a district admin's of their district", async () => {
    const before = (await exports()).length;
    await exportAs("hub_admin");
    await exportAs("district_admin", `?district=${D1}`);
    const rows = await exports();
    expect(rows.length).toBe(before + 2);
    expect(rows.map((r) => r.role).sort()).toEqual(
      expect.arrayContaining(["district_admin", "hub_admin"]),
    );
    expect(rows.every((r) => r.resource.includes("metric_results unsuppressed"))).toBe(true);
  });

  it("does not record the public's (suppressed) export", async () => {
    const before = (await exports()).length;
    await exportAs("anonymous");
    await exportAs("network_member");
    expect((await exports()).length).toBe(before);
  });
});
