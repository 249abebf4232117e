import { describe, expect, it } from "vitest";
import { parseAccountRole, UnknownRoleError } from "../../src/access/role.ts";

describe("parseAccountRole(value)", () => {
  it("reads account roles and maps principal to school_staff", () => {
    expect(parseAccountRole("hub_admin")).toBe("hub_admin");
    expect(parseAccountRole(" Principal ")).toBe("school_staff");
  });

  it("refuses the anonymous public role and unknown names, naming the value", () => {
    expect(() => parseAccountRole("public")).toThrow(UnknownRoleError);
    expect(() => parseAccountRole("superuser")).toThrow('unknown role "superuser"');
  });
});
