import type { Principal } from "./principal.ts";
import type { Role } from "./role.ts";

/**
 * What a request touches. The server maps each route to one of these and asks {@link canAccess}.
 * - `student_data`: student-level rows of a district, or of one school when `schoolCode` is set.
 * - `aggregate`: results over groups of students; `districtCode`/`schoolCode` say whose.
 * - `run`: a computed run's results; unpublished runs are the hub's working drafts.
 * - `pairing_override`: the hub analyst's changes to proposed pairings (read or write).
 * - `user_admin`: managing accounts of a district (`districtCode`), or hub/network-wide ones (null).
 * - `own_account`: a signed-in user's own profile and password.
 * - `audit_log`: the student-access audit of a district, or all of it (null).
 * - `improvement_plan`: a pair's or community's plan with its PDSA cycles and meetings: `read` it,
 *   `write` it (its sections, meetings), `create` one for a run's pair or community, or
 *   `write_cycle` — a PDSA cycle run by `cycleSchool` —, `write_learning` — an entry of two-way
 *   learning recorded by school `cycleSchool` —, `assign` its facilitator, or `review` it (answer
 *   the team's request for review). `schools` are the plan's schools, which may lie in several
 *   districts.
 * - `change_idea_library`: the network's completed PDSA cycles with their context (no student-level
 *   data), shared with every signed-in user.
 * - `facilitation`: the list of what needs a facilitator across the plans the user may read.
 * - `network_rollup`: the hub's roll-up of every pair's and community's work in a quarter.
 * - `shared_resource`: the network's library of what districts made for each other: `read` it
 *   (and download), `publish` one, `rate` one, or `revise` one (a new version) — published by
 *   district `districtCode` (null: the hub) and account `authorId`.
 * - `submission`: a district's data submissions (upload one, read their history and status), or
 *   every district's (`districtCode` null: the hub's view of a year, and starting a compute).
 * - `annotation`: the dated notes on a school's periodic charts (read and add), which may name
 *   people and events of the school: its own district's staff and the hub only.
 * - `membership`: the collaborative's districts, their membership and agreements (read by every
 *   signed-in user); `membership_admin`: onboarding districts, their agreements, invitations and
 *   status (the hub only).
 * - `directory`: the role-alike directory, for network members only: `viewerInNetwork` says the
 *   user belongs to no district (the hub's side) or to a member or participant district.
 */
export type Resource =
  | {
      readonly kind: "student_data";
      readonly districtCode: string;
      readonly schoolCode?: string | null;
    }
  | {
      readonly kind: "aggregate";
      readonly districtCode?: string | null;
      readonly schoolCode?: string | null;
    }
  | { readonly kind: "run"; readonly published: boolean }
  | { readonly kind: "pairing_override" }
  | { readonly kind: "user_admin"; readonly districtCode: string | null }
  | { readonly kind: "own_account" }
  | { readonly kind: "audit_log"; readonly districtCode: string | null }
  | {
      readonly kind: "improvement_plan";
      readonly action: PlanAction;
      readonly schools: readonly string[];
      readonly facilitatorId?: number | null;
      /** `write_cycle`: the school running the cycle; `write_learning`: the school recording. */
      readonly cycleSchool?: string | null;
    }
  | { readonly kind: "annotation"; readonly districtCode: string; readonly schoolCode: string }
  | { readonly kind: "change_idea_library" }
  | { readonly kind: "facilitation" }
  | { readonly kind: "network_rollup" }
  | {
      readonly kind: "shared_resource";
      readonly action: "read" | "publish" | "rate" | "revise";
      readonly districtCode?: string | null;
      readonly authorId?: number | null;
    }
  | { readonly kind: "membership" }
  | { readonly kind: "membership_admin" }
  | { readonly kind: "directory"; readonly viewerInNetwork: boolean }
  | { readonly kind: "submission"; readonly districtCode: string | null };

/** What is done to an improvement plan (see {@link Resource}). */
export type PlanAction =
  | "read"
  | "write"
  | "create"
  | "write_cycle"
  | "write_learning"
  | "assign"
  | "review";

/** The answer for one request. */
export interface Decision {
  readonly allowed: boolean;
  /** Why, naming the role and the scope compared (for logs and 403 bodies). */
  readonly reason: string;
  /** The access must be written to the audit log (student-level data), allowed or not. */
  readonly audit: boolean;
  /** Small cells must be suppressed in what is returned (aggregates the user could not see row by row). */
  readonly suppress: boolean;
}

/**
 * - `allow` / `deny`: regardless of scope;
 * - `own_district`: the resource's district is the user's;
 * - `own_school`: the resource is the user's school (a district-wide resource is not);
 * - `assigned`: the user is the resource's facilitator;
 * - `signed_in`: any account;
 * - `member_district`: one of the plan's schools is in the user's district;
 * - `member_school`: the user's school is one of the plan's;
 * - `cycle_school`: the user's school is one of the plan's and runs the cycle (or records the
 *   learning entry);
 * - `author`: the user published the resource.
 * - `in_network`: signed in, and of no district or of a member or participant district.
 */
export type Rule =
  | "allow"
  | "deny"
  | "own_district"
  | "own_school"
  | "assigned"
  | "signed_in"
  | "member_district"
  | "member_school"
  | "cycle_school"
  | "author"
  | "in_network";

type RuleKey =
  | "student_data"
  | "aggregate"
  | "published_run"
  | "unpublished_run"
  | "pairing_override"
  | "user_admin"
  | "own_account"
  | "audit_log"
  | "improvement_plan_read"
  | "improvement_plan_write"
  | "improvement_plan_create"
  | "improvement_plan_write_cycle"
  | "improvement_plan_write_learning"
  | "improvement_plan_assign"
  | "improvement_plan_review"
  | "facilitation"
  | "network_rollup"
  | "annotation"
  | "change_idea_library"
  | "shared_resource_read"
  | "shared_resource_publish"
  | "shared_resource_rate"
  | "shared_resource_revise"
  | "membership"
  | "membership_admin"
  | "directory"
  | "submission";

/**
 * The policy, one row per resource and one column per role. Hub admins get no student-level
 * rows: DESIGN gives those only to users of the student's district, and the hub's work (cut
 * points, identification, pairing) runs on aggregates inside the warehouse, not in the browser.
 */
export const ACCESS_RULES: Readonly<Record<RuleKey, Readonly<Record<Role, Rule>>>> = {
  student_data: {
    hub_admin: "deny",
    district_admin: "own_district",
    school_staff: "own_school",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  aggregate: {
    hub_admin: "allow",
    district_admin: "allow",
    school_staff: "allow",
    facilitator: "allow",
    network_member: "allow",
    public: "allow",
  },
  published_run: {
    hub_admin: "allow",
    district_admin: "allow",
    school_staff: "allow",
    facilitator: "allow",
    network_member: "allow",
    public: "allow",
  },
  unpublished_run: {
    hub_admin: "allow",
    district_admin: "deny",
    school_staff: "deny",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  pairing_override: {
    hub_admin: "allow",
    district_admin: "deny",
    school_staff: "deny",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  user_admin: {
    hub_admin: "allow",
    district_admin: "own_district",
    school_staff: "deny",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  own_account: {
    hub_admin: "signed_in",
    district_admin: "signed_in",
    school_staff: "signed_in",
    facilitator: "signed_in",
    network_member: "signed_in",
    public: "deny",
  },
  audit_log: {
    hub_admin: "allow",
    district_admin: "own_district",
    school_staff: "deny",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  // The workspace of a pair or community: its schools' staff, their district admins, the
  // assigned facilitator and the hub; nobody else learns it exists (the routes answer 404).
  improvement_plan_read: {
    hub_admin: "allow",
    district_admin: "member_district",
    school_staff: "member_school",
    facilitator: "assigned",
    network_member: "deny",
    public: "deny",
  },
  improvement_plan_write: {
    hub_admin: "allow",
    district_admin: "member_district",
    school_staff: "member_school",
    facilitator: "assigned",
    network_member: "deny",
    public: "deny",
  },
  // Any facilitator may start a pair's or community's plan (and is assigned to it); school staff
  // work in the plan once their facilitator, district or the hub has started it.
  improvement_plan_create: {
    hub_admin: "allow",
    district_admin: "member_district",
    school_staff: "deny",
    facilitator: "allow",
    network_member: "deny",
    public: "deny",
  },
  // Each school runs its own cycles and reads its partners'.
  improvement_plan_write_cycle: {
    hub_admin: "allow",
    district_admin: "member_district",
    school_staff: "cycle_school",
    facilitator: "assigned",
    network_member: "deny",
    public: "deny",
  },
  // Each school records what it took and gave; its partners read it.
  improvement_plan_write_learning: {
    hub_admin: "allow",
    district_admin: "member_district",
    school_staff: "cycle_school",
    facilitator: "assigned",
    network_member: "deny",
    public: "deny",
  },
  // The hub or a member school's district admin assigns the facilitator (issue #17 point 5).
  improvement_plan_assign: {
    hub_admin: "allow",
    district_admin: "member_district",
    school_staff: "deny",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  // The plan's own facilitator reviews it (the hub may stand in); the team only submits it.
  improvement_plan_review: {
    hub_admin: "allow",
    district_admin: "deny",
    school_staff: "deny",
    facilitator: "assigned",
    network_member: "deny",
    public: "deny",
  },
  // What needs a facilitator: theirs for a facilitator, a district's plans for its admin, every
  // plan for the hub (the routes list only the plans the user may read).
  facilitation: {
    hub_admin: "allow",
    district_admin: "allow",
    school_staff: "deny",
    facilitator: "allow",
    network_member: "deny",
    public: "deny",
  },
  network_rollup: {
    hub_admin: "allow",
    district_admin: "deny",
    school_staff: "deny",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  annotation: {
    hub_admin: "allow",
    district_admin: "own_district",
    school_staff: "own_district",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  // Sharing what was tested is the library's point: every account reads it. It holds no
  // student-level data, and its one figure (a school's size) is a coarse band (disclosure).
  change_idea_library: {
    hub_admin: "signed_in",
    district_admin: "signed_in",
    school_staff: "signed_in",
    facilitator: "signed_in",
    network_member: "signed_in",
    public: "deny",
  },
  // Shared resources (docs/resources.md): every account reads, downloads and rates them; the
  // network's working roles publish; a new version is its author's, its district admin's or the
  // hub's to add. The public reads nothing: the files are districts' own work, shared in the network.
  shared_resource_read: {
    hub_admin: "signed_in",
    district_admin: "signed_in",
    school_staff: "signed_in",
    facilitator: "signed_in",
    network_member: "signed_in",
    public: "deny",
  },
  shared_resource_rate: {
    hub_admin: "signed_in",
    district_admin: "signed_in",
    school_staff: "signed_in",
    facilitator: "signed_in",
    network_member: "signed_in",
    public: "deny",
  },
  shared_resource_publish: {
    hub_admin: "allow",
    district_admin: "signed_in",
    school_staff: "signed_in",
    facilitator: "signed_in",
    network_member: "deny",
    public: "deny",
  },
  shared_resource_revise: {
    hub_admin: "allow",
    district_admin: "own_district",
    school_staff: "author",
    facilitator: "author",
    network_member: "deny",
    public: "deny",
  },
  membership: {
    hub_admin: "allow",
    district_admin: "signed_in",
    school_staff: "signed_in",
    facilitator: "signed_in",
    network_member: "signed_in",
    public: "deny",
  },
  membership_admin: {
    hub_admin: "allow",
    district_admin: "deny",
    school_staff: "deny",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
  directory: {
    hub_admin: "allow",
    district_admin: "in_network",
    school_staff: "in_network",
    facilitator: "in_network",
    network_member: "in_network",
    public: "deny",
  },
  // A district's data lead submits its data and reads its submissions; the hub sees every
  // district's (issue #18). The validation report's example values are student-level rows and
  // are read under student_data, not here.
  submission: {
    hub_admin: "allow",
    district_admin: "own_district",
    school_staff: "deny",
    facilitator: "deny",
    network_member: "deny",
    public: "deny",
  },
};

function ruleKey(resource: Resource): RuleKey {
  if (resource.kind === "run") return resource.published ? "published_run" : "unpublished_run";
  if (resource.kind === "improvement_plan") return `improvement_plan_${resource.action}`;
  if (resource.kind === "shared_resource") return `shared_resource_${resource.action}`;
  return resource.kind;
}

function scopeOf(resource: Resource): {
  district: string | null;
  schools: readonly string[];
  facilitatorId: number | null;
  cycleSchool?: string | null;
  authorId?: number | null;
} {
  switch (resource.kind) {
    case "student_data":
    case "aggregate":
      return {
        district: resource.districtCode ?? null,
        schools: resource.schoolCode ? [resource.schoolCode] : [],
        facilitatorId: null,
      };
    case "annotation":
      return {
        district: resource.districtCode,
        schools: [resource.schoolCode],
        facilitatorId: null,
      };
    case "user_admin":
    case "audit_log":
    case "submission":
      return { district: resource.districtCode, schools: [], facilitatorId: null };
    case "improvement_plan":
      return {
        district: null,
        schools: resource.schools,
        facilitatorId: resource.facilitatorId ?? null,
        cycleSchool: resource.cycleSchool ?? null,
      };
    case "shared_resource":
      return {
        district: resource.districtCode ?? null,
        schools: [],
        facilitatorId: null,
        authorId: resource.authorId ?? null,
      };
    default:
      return { district: null, schools: [], facilitatorId: null };
  }
}

function evaluate(
  rule: Rule,
  who: Principal,
  resource: Resource,
): { allowed: boolean; why: string } {
  const scope = scopeOf(resource);
  switch (rule) {
    case "allow":
      return { allowed: true, why: "allowed for the role" };
    case "deny":
      return { allowed: false, why: "not allowed for the role" };
    case "signed_in":
      return who.userId !== null
        ? { allowed: true, why: "own account" }
        : { allowed: false, why: "not signed in" };
    case "own_district":
      // A school code always begins with its district's code; a mismatch is a forged scope.
      return who.districtCode !== null &&
        who.districtCode === scope.district &&
        scope.schools.every((s) => s.startsWith(who.districtCode ?? "-"))
        ? { allowed: true, why: `own district ${who.districtCode}` }
        : {
            allowed: false,
            why: `district ${scope.district ?? "(network-wide)"} is not the user's district ${who.districtCode ?? "(none)"}`,
          };
    case "own_school": {
      const own = who.schoolCode;
      if (own === null || scope.schools.length === 0) {
        return { allowed: false, why: `needs a school scope; user school ${own ?? "(none)"}` };
      }
      return scope.schools.includes(own) && who.districtCode === scope.district
        ? { allowed: true, why: `own school ${own}` }
        : {
            allowed: false,
            why: `school ${scope.schools.join("/")} is not the user's school ${own}`,
          };
    }
    case "assigned":
      return who.userId !== null && who.userId === scope.facilitatorId
        ? { allowed: true, why: "assigned facilitator" }
        : { allowed: false, why: "user is not the assigned facilitator" };
    case "author":
      return who.userId !== null && who.userId === scope.authorId
        ? { allowed: true, why: "the user published it" }
        : { allowed: false, why: "the user did not publish it" };
    case "member_district": {
      const own = who.districtCode;
      return own !== null && scope.schools.some((s) => s.slice(0, 7) === own)
        ? { allowed: true, why: `a school of district ${own} is a member` }
        : { allowed: false, why: `no member school is in district ${own ?? "(none)"}` };
    }
    case "member_school":
    case "cycle_school": {
      const own = who.schoolCode;
      const member =
        own !== null && who.districtCode === own.slice(0, 7) && scope.schools.includes(own);
      if (!member) return { allowed: false, why: `school ${own ?? "(none)"} is not a member` };
      return rule === "member_school" || scope.cycleSchool === own
        ? { allowed: true, why: `member school ${own}` }
        : { allowed: false, why: `the cycle is run by school ${scope.cycleSchool ?? "(none)"}` };
    }
    case "in_network":
      return who.userId !== null && resource.kind === "directory" && resource.viewerInNetwork
        ? { allowed: true, why: "a network member" }
        : {
            allowed: false,
            why: `district ${who.districtCode ?? "(none)"} is not a member or participant of the network`,
          };
  }
}

/**
 * Decides whether `who` may touch `resource`. Pure and table-driven ({@link ACCESS_RULES}); the
 * server calls it on every route, before reading anything. Aggregates are always readable, and
 * suppressed unless the user could read the same students row by row or is a hub analyst.
 */
export function canAccess(who: Principal, resource: Resource): Decision {
  const key = ruleKey(resource);
  const rule = ACCESS_RULES[key][who.role];
  const { allowed, why } = evaluate(rule, who, resource);
  let suppress = false;
  if (resource.kind === "aggregate") {
    // The hub's analysts compute identification from every cell and work under the
    // collaborative's data-sharing agreement: they read aggregates unsuppressed (never student
    // rows), so they can check every index score and reason (docs/privacy.md, audiences).
    suppress =
      who.role !== "hub_admin" &&
      (resource.districtCode == null ||
        !evaluate(ACCESS_RULES.student_data[who.role], who, {
          kind: "student_data",
          districtCode: resource.districtCode,
          schoolCode: resource.schoolCode ?? null,
        }).allowed);
  }
  return {
    allowed,
    reason: `${who.role} ${allowed ? "may" : "may not"} access ${key}: ${why}`,
    audit: resource.kind === "student_data",
    suppress,
  };
}
