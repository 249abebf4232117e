import type { FromSchema } from "json-schema-to-ts";
import type { District } from "../workspace/district-repository.ts";
import type { DISTRICT } from "./collaborative-schema.ts";

export type DistrictJson = FromSchema<typeof DISTRICT>;

/** A district as the API and `collab districts list --json` give it (also a membership file). */
export function districtJson(d: District): DistrictJson {
  return {
    district_code: d.code,
    name: d.name,
    status: d.status,
    opted_in: d.optedIn,
    joined_on: d.joinedOn,
    agreement:
      d.agreement === null
        ? null
        : {
            signed_on: d.agreement.signedOn,
            starts_on: d.agreement.startsOn,
            ends_on: d.agreement.endsOn,
            first_year: d.agreement.firstYear,
            last_year: d.agreement.lastYear,
            data_kinds: [...d.agreement.dataKinds],
          },
  };
}

/** Whether a user of district `districtCode` (null: the hub's side) may see the directory. */
export function inNetwork(
  districtCode: string | null,
  district: Pick<District, "status"> | undefined,
): boolean {
  if (districtCode === null) return true;
  return district !== undefined && district.status !== "inactive";
}
