import { z } from "zod";
import { type DistrictMembership, MEMBERSHIP_STATUSES } from "./membership.ts";

const membershipFileSchema = z.object({
  districts: z.array(
    z.object({
      district_code: z.string().regex(/^\d{7}$/, "a 7-digit district code"),
      status: z.enum(MEMBERSHIP_STATUSES),
      opted_in: z.boolean().default(false),
    }),
  ),
});

/** A membership file that is not valid JSON or not the expected shape. */
export class MembershipFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`invalid membership file ${file}: ${detail}`);
    this.name = "MembershipFileError";
  }
}

/**
 * Reads a membership file (`collab compute --membership FILE`):
 * `{"districts": [{"district_code": "0100001", "status": "member", "opted_in": false}, …]}`, the
 * shape `collab districts list --json` writes. A district listed twice is an error.
 */
export function parseMembershipFile(text: string, file: string): DistrictMembership[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MembershipFileError(file, error instanceof Error ? error.message : String(error));
  }
  const parsed = membershipFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MembershipFileError(file, `${issue.path.join(".")}: ${issue.message}`);
  }
  const seen = new Set<string>();
  return parsed.data.districts.map((d, i) => {
    if (seen.has(d.district_code))
      throw new MembershipFileError(
        file,
        `districts.${i}.district_code: "${d.district_code}" is listed twice`,
      );
    seen.add(d.district_code);
    return { districtCode: d.district_code, status: d.status, optedIn: d.opted_in };
  });
}
