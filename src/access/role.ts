/**
 * The roles of the platform. A principal is a `school_staff` user (the role carries the access
 * rules; a title such as "principal" is only a display matter). `public` is the anonymous visitor:
 * it is never stored on an account.
 */
export const ROLES = [
  "hub_admin",
  "district_admin",
  "school_staff",
  "facilitator",
  "network_member",
  "public",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles an account can hold (every role but the anonymous `public`). */
export const ACCOUNT_ROLES = [
  "hub_admin",
  "district_admin",
  "school_staff",
  "facilitator",
  "network_member",
] as const satisfies readonly Role[];
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Names accepted for a role where people type one (CLI); `principal` means `school_staff`. */
export const ROLE_ALIASES: Readonly<Record<string, AccountRole>> = {
  principal: "school_staff",
  teacher: "school_staff",
};

/** Thrown when a role name is not one of {@link ACCOUNT_ROLES} or {@link ROLE_ALIASES}. */
export class UnknownRoleError extends Error {
  constructor(readonly value: string) {
    super(
      `unknown role "${value}"; expected one of ${[...ACCOUNT_ROLES, ...Object.keys(ROLE_ALIASES)].join(", ")}`,
    );
    this.name = "UnknownRoleError";
  }
}

/** Reads a typed role name, accepting the aliases. */
export function parseAccountRole(value: string): AccountRole {
  const v = value.trim().toLowerCase();
  const alias = ROLE_ALIASES[v];
  if (alias) return alias;
  if ((ACCOUNT_ROLES as readonly string[]).includes(v)) return v as AccountRole;
  throw new UnknownRoleError(value);
}

/**
 * Where a role must be anchored: district roles need a district, school roles a district and a
 * school, hub roles neither. Facilitators and network members may optionally belong to a district.
 */
export const ROLE_SCOPE: Readonly<
  Record<AccountRole, "none" | "district" | "school" | "optional">
> = {
  hub_admin: "none",
  district_admin: "district",
  school_staff: "school",
  facilitator: "optional",
  network_member: "optional",
};
