import { describe, expect, it } from "vitest";
import { ACCESS_RULES, canAccess, type Resource } from "../../src/access/access-policy.ts";
import { ANONYMOUS, type Principal, principalOf } from "../../src/access/principal.ts";
import { ROLES, type Role } from "../../src/access/role.ts";

const D = "0161119";
const OTHER_D = "0999999";
const S = "01611190130229";
const OTHER_S = "01611190130237";
const FOREIGN_S = "09999990000001";

const who: Record<Role, Principal> = {
  hub_admin: { role: "hub_admin", userId: 1, districtCode: null, schoolCode: null },
  district_admin: { role: "district_admin", userId: 2, districtCode: D, schoolCode: null },
  school_staff: { role: "school_staff", userId: 3, districtCode: D, schoolCode: S },
  facilitator: { role: "facilitator", userId: 4, districtCode: null, schoolCode: null },
  network_member: { role: "network_member", userId: 5, districtCode: D, schoolCode: null },
  public: ANONYMOUS,
};

/** Resources in the users' own district and school (the favourable case for every role). */
const own: Record<string, Resource> = {
  "students of own school": { kind: "student_data", districtCode: D, schoolCode: S },
  "students of own district": { kind: "student_data", districtCode: D },
  aggregates: { kind: "aggregate", districtCode: D, schoolCode: S },
  "published run": { kind: "run", published: true },
  "unpublished run": { kind: "run", published: false },
  "pairing overrides": { kind: "pairing_override" },
  "district users": { kind: "user_admin", districtCode: D },
  "network users": { kind: "user_admin", districtCode: null },
  "own account": { kind: "own_account" },
  "district audit log": { kind: "audit_log", districtCode: D },
  "plan of own school, facilitated by user 4": {
    kind: "improvement_plan",
    action: "read",
    schools: [S],
    facilitatorId: 4,
  },
  "facilitator of own school's plan": {
    kind: "improvement_plan",
    action: "assign",
    schools: [S],
    facilitatorId: 4,
  },
  "review of own school's plan": {
    kind: "improvement_plan",
    action: "review",
    schools: [S],
    facilitatorId: 4,
  },
  "facilitation list": { kind: "facilitation" },
  "network roll-up": { kind: "network_rollup" },
};

// biome-ignore format: a table reads best aligned
const expected: Record<string, Record<Role, boolean>> = {
  //                                           hub    district school  facil  member public
  "students of own school":                   row(false, true,  true,  false, false, false),
  "students of own district":                 row(false, true,  false, false, false, false),
  "aggregates":                               row(true,  true,  true,  true,  true,  true),
  "published run":                            row(true,  true,  true,  true,  true,  true),
  "unpublished run":                          row(true,  false, false, false, false, false),
  "pairing overrides":                        row(true,  false, false, false, false, false),
  "district users":                           row(true,  true,  false, false, false, false),
  "network users":                            row(true,  false, false, false, false, false),
  "own account":                              row(true,  true,  true,  true,  true,  false),
  "district audit log":                       row(true,  true,  false, false, false, false),
  "plan of own school, facilitated by user 4": row(true, true,  true,  true,  false, false),
  "facilitator of own school's plan":         row(true,  true,  false, false, false, false),
  "review of own school's plan":              row(true,  false, false, true,  false, false),
  "facilitation list":                        row(true,  true,  false, true,  false, false),
  "network roll-up":                          row(true,  false, false, false, false, false),
};

function row(...values: boolean[]): Record<Role, boolean> {
  return Object.fromEntries(ROLES.map((r, i) => [r, values[i]])) as Record<Role, boolean>;
}

describe("canAccess(principal, resource)", () => {
  describe.each(Object.entries(own))("%s", (name, resource) => {
    it.each(ROLES)(`as %s matches the policy table`, (role) => {
      const decision = canAccess(who[role], resource);
      expect(decision.allowed, decision.reason).toBe(expected[name]?.[role]);
    });
  });

  it("covers every resource kind and role in ACCESS_RULES", () => {
    for (const rules of Object.values(ACCESS_RULES))
      expect(Object.keys(rules).sort()).toEqual([...ROLES].sort());
  });

  it("denies student data of another district to a district admin, and says why", () => {
    const d = canAccess(who.district_admin, { kind: "student_data", districtCode: OTHER_D });
    expect(d).toMatchObject({ allowed: false, audit: true });
    expect(d.reason).toBe(
      "district_admin may not access student_data: district 0999999 is not the user's district 0161119",
    );
  });

  it("denies a school's staff the students of another school in the same district", () => {
    const d = canAccess(who.school_staff, {
      kind: "student_data",
      districtCode: D,
      schoolCode: OTHER_S,
    });
    expect(d.allowed).toBe(false);
    expect(d.reason).toContain("school 01611190130237 is not the user's school 01611190130229");
  });

  it("denies a forged scope pairing the user's district with another district's school", () => {
    expect(
      canAccess(who.district_admin, {
        kind: "student_data",
        districtCode: D,
        schoolCode: FOREIGN_S,
      }).allowed,
    ).toBe(false);
    expect(
      canAccess(who.school_staff, { kind: "student_data", districtCode: OTHER_D, schoolCode: S })
        .allowed,
    ).toBe(false);
  });

  it("marks every student-data decision, allowed or denied, for the audit log, and nothing else", () => {
    expect(canAccess(who.school_staff, own["students of own school"] as Resource).audit).toBe(true);
    expect(canAccess(ANONYMOUS, own["students of own school"] as Resource).audit).toBe(true);
    expect(canAccess(who.hub_admin, { kind: "aggregate" }).audit).toBe(false);
  });

  it("suppresses aggregates unless the user may read the same students row by row or is a hub analyst", () => {
    const agg = (districtCode: string | null, schoolCode: string | null = null): Resource => ({
      kind: "aggregate",
      districtCode,
      schoolCode,
    });
    expect(canAccess(ANONYMOUS, agg(D, S)).suppress).toBe(true);
    // The hub's analysts check identification from every figure (never student rows).
    expect(canAccess(who.hub_admin, agg(D, S)).suppress).toBe(false);
    expect(canAccess(who.hub_admin, agg(null)).suppress).toBe(false);
    expect(canAccess(who.hub_admin, { kind: "student_data", districtCode: D }).allowed).toBe(false);
    expect(canAccess(who.network_member, agg(D, S)).suppress).toBe(true);
    expect(canAccess(who.facilitator, agg(D, S)).suppress).toBe(true);
    expect(canAccess(who.district_admin, agg(D, S)).suppress).toBe(false);
    expect(canAccess(who.district_admin, agg(OTHER_D)).suppress).toBe(true);
    expect(canAccess(who.school_staff, agg(D, S)).suppress).toBe(false);
    expect(canAccess(who.school_staff, agg(D, OTHER_S)).suppress).toBe(true);
    expect(canAccess(who.school_staff, agg(D)).suppress).toBe(true);
    expect(canAccess(who.district_admin, agg(null)).suppress).toBe(true);
  });

  it("lets a facilitator into plans assigned to them only, and school staff into their partner's plan", () => {
    const plan: Resource = {
      kind: "improvement_plan",
      action: "write",
      schools: [OTHER_S, S],
      facilitatorId: 99,
    };
    expect(canAccess(who.facilitator, plan).allowed).toBe(false);
    expect(canAccess(who.school_staff, plan).allowed).toBe(true);
    expect(canAccess(who.school_staff, { ...plan, schools: [OTHER_S] }).allowed).toBe(false);
  });

  it("lets the district admins of every member school into a cross-district plan, and nobody else", () => {
    const plan: Resource = { kind: "improvement_plan", action: "read", schools: [FOREIGN_S, S] };
    expect(canAccess(who.district_admin, plan).allowed).toBe(true);
    expect(canAccess({ ...who.district_admin, districtCode: "0888888" }, plan).allowed).toBe(false);
    expect(canAccess({ ...who.district_admin, districtCode: OTHER_D }, plan).allowed).toBe(true);
    expect(canAccess(who.network_member, plan).allowed).toBe(false);
    expect(canAccess(ANONYMOUS, plan).allowed).toBe(false);
  });

  it("lets a school write its own PDSA cycles only, and any facilitator start a plan", () => {
    const cycle = (cycleSchool: string): Resource => ({
      kind: "improvement_plan",
      action: "write_cycle",
      schools: [OTHER_S, S],
      cycleSchool,
    });
    expect(canAccess(who.school_staff, cycle(S)).allowed).toBe(true);
    expect(canAccess(who.school_staff, cycle(OTHER_S)).allowed).toBe(false);
    const create: Resource = { kind: "improvement_plan", action: "create", schools: [OTHER_S, S] };
    expect(canAccess(who.facilitator, create).allowed).toBe(true);
    expect(canAccess(who.school_staff, create).allowed).toBe(false);
    expect(canAccess(who.district_admin, create).allowed).toBe(true);
  });

  it("lets a district admin manage only their own district's accounts", () => {
    expect(
      canAccess(who.district_admin, { kind: "user_admin", districtCode: OTHER_D }).allowed,
    ).toBe(false);
    expect(
      canAccess(who.district_admin, { kind: "audit_log", districtCode: OTHER_D }).allowed,
    ).toBe(false);
  });
});

describe("principalOf(user)", () => {
  const user = {
    id: 7,
    email: "p@s.example",
    displayName: "P",
    role: "school_staff" as const,
    districtCode: D,
    schoolCode: S,
    createdAt: new Date(0),
    disabledAt: null,
  };

  it("carries the user's role, district and school", () => {
    expect(principalOf(user)).toEqual({
      role: "school_staff",
      userId: 7,
      districtCode: D,
      schoolCode: S,
    });
  });

  it("is anonymous without a user or for a disabled one", () => {
    expect(principalOf(undefined)).toBe(ANONYMOUS);
    expect(principalOf({ ...user, disabledAt: new Date(1) })).toBe(ANONYMOUS);
  });
});
