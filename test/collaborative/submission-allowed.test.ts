import { describe, expect, it } from "vitest";
import { parseAgreementScope } from "../../src/collaborative/agreement-scope.ts";
import { membershipRoles } from "../../src/collaborative/membership.ts";
import { parseMembershipFile } from "../../src/collaborative/membership-file.ts";
import {
  type SubmittingDistrict,
  submissionAllowed,
} from "../../src/collaborative/submission-allowed.ts";

const ALPHA: SubmittingDistrict = {
  code: "0100001",
  status: "participant",
  agreement: {
    signedOn: "2024-06-15",
    startsOn: "2024-07-01",
    endsOn: "2026-06-30",
    firstYear: 2023,
    lastYear: 2026,
    dataKinds: ["schools", "students", "enrollments"],
  },
};

describe("submissionAllowed(district, schoolYear, today, tables)", () => {
  it("allows a year and tables inside an agreement in force, its first and last days included", () => {
    expect(submissionAllowed(ALPHA, 2025, "2024-07-01", ["schools", "students"])).toEqual({
      allowed: true,
    });
    expect(submissionAllowed(ALPHA, 2023, "2026-06-30")).toEqual({ allowed: true });
  });

  it("refuses a district not onboarded, naming it", () => {
    expect(submissionAllowed(null, 2025, "2025-01-01", [], "0999999")).toEqual({
      allowed: false,
      reason: "district 0999999 is not onboarded in the collaborative",
    });
  });

  it("refuses an inactive district and one without an agreement", () => {
    expect(submissionAllowed({ ...ALPHA, status: "inactive" }, 2025, "2025-01-01")).toEqual({
      allowed: false,
      reason: "district 0100001 is inactive",
    });
    expect(submissionAllowed({ ...ALPHA, agreement: null }, 2025, "2025-01-01")).toEqual({
      allowed: false,
      reason: "district 0100001 has no data-sharing agreement on record",
    });
  });

  it("refuses before the agreement starts and after it expires, naming both dates", () => {
    expect(submissionAllowed(ALPHA, 2025, "2024-06-30")).toEqual({
      allowed: false,
      reason:
        "district 0100001's data-sharing agreement starts on 2024-07-01 (today is 2024-06-30)",
    });
    expect(submissionAllowed(ALPHA, 2025, "2026-07-01")).toEqual({
      allowed: false,
      reason:
        "district 0100001's data-sharing agreement expired on 2026-06-30 (today is 2026-07-01)",
    });
  });

  it("refuses a school year or a table outside the agreement's scope", () => {
    expect(submissionAllowed(ALPHA, 2027, "2025-01-01")).toEqual({
      allowed: false,
      reason:
        "school year 2027 is outside district 0100001's data-sharing agreement (school years 2023-2026)",
    });
    expect(
      submissionAllowed(ALPHA, 2025, "2025-01-01", ["schools", "test_results", "surveys"]),
    ).toEqual({
      allowed: false,
      reason:
        "test_results, surveys are outside district 0100001's data-sharing agreement (data kinds schools, students, enrollments)",
    });
  });
});

describe("parseAgreementScope(text)", () => {
  it("reads a year range, a single year, and a list of input tables", () => {
    expect(parseAgreementScope("2022-2025")).toEqual({
      firstYear: 2022,
      lastYear: 2025,
      dataKinds: [],
    });
    expect(parseAgreementScope("2024:students, schools")).toEqual({
      firstYear: 2024,
      lastYear: 2024,
      dataKinds: ["schools", "students"],
    });
  });

  it("names a backwards range, a malformed one and an unknown table", () => {
    expect(() => parseAgreementScope("2025-2022")).toThrow("2022 is before 2025");
    expect(() => parseAgreementScope("22-25")).toThrow('"22-25" is not a school year range');
    expect(() => parseAgreementScope("2024:schools,grades")).toThrow(
      '"grades" is not an input table',
    );
  });
});

describe("membershipRoles(membership)", () => {
  it("lets members set cuts, identifies members and opted-in participants, measures all but inactive", () => {
    expect(
      membershipRoles([
        { districtCode: "0300003", status: "participant", optedIn: true },
        { districtCode: "0100001", status: "member", optedIn: false },
        { districtCode: "0200002", status: "participant", optedIn: false },
        { districtCode: "0400004", status: "inactive", optedIn: true },
      ]),
    ).toEqual({
      setsCuts: ["0100001"],
      identified: ["0100001", "0300003"],
      measured: ["0100001", "0200002", "0300003"],
      all: ["0100001", "0200002", "0300003", "0400004"],
    });
  });
});

describe("parseMembershipFile(text, file)", () => {
  it("reads the districts list and names a duplicate, a bad status and bad JSON", () => {
    expect(
      parseMembershipFile(
        '{"districts": [{"district_code": "0100001", "status": "member", "name": "Alpha"}]}',
        "m.json",
      ),
    ).toEqual([{ districtCode: "0100001", status: "member", optedIn: false }]);
    const twice =
      '{"districts": [{"district_code": "0100001", "status": "member"}, {"district_code": "0100001", "status": "inactive"}]}';
    expect(() => parseMembershipFile(twice, "m.json")).toThrow(
      'invalid membership file m.json: districts.1.district_code: "0100001" is listed twice',
    );
    expect(() =>
      parseMembershipFile(
        '{"districts": [{"district_code": "0100001", "status": "guest"}]}',
        "m.json",
      ),
    ).toThrow("invalid membership file m.json: districts.0.status");
    expect(() => parseMembershipFile("{", "m.json")).toThrow("invalid membership file m.json");
  });
});
