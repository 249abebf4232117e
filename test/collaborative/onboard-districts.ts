import type { MembershipStatus } from "../../src/collaborative/membership.ts";
import { DistrictRepository } from "../../src/workspace/district-repository.ts";
import type { WorkspaceDb } from "../../src/workspace/workspace-schema.ts";

/**
 * Onboards each district (a member unless said otherwise) with a data-sharing agreement in force
 * from 2020 to 2099 for every school year and table: what a test needs before it submits data
 * the way the server accepts it (issue #18: no data outside an agreement).
 */
export async function onboardDistricts(
  db: WorkspaceDb,
  districts: readonly { code: string; name?: string; status?: MembershipStatus }[],
): Promise<void> {
  const repo = new DistrictRepository(db);
  for (const d of districts) {
    if (!(await repo.find(d.code)))
      await repo.create({
        code: d.code,
        name: d.name ?? `District ${d.code}`,
        status: d.status ?? "member",
      });
    await repo.recordAgreement(d.code, {
      signedOn: "2020-01-01",
      startsOn: "2020-01-01",
      endsOn: "2099-12-31",
      firstYear: 2000,
      lastYear: 2099,
      dataKinds: [],
    });
  }
}
