import type { Selectable } from "kysely";
import { type AccountRole, ROLE_SCOPE } from "../access/role.ts";
import { type Clock, systemClock } from "./clock.ts";
import { DuplicateKeyError, isUniqueViolation, WorkspaceInputError } from "./workspace-errors.ts";
import type { UsersTable, WorkspaceDb } from "./workspace-schema.ts";

/** An account, without its password hash. */
export interface User {
  readonly id: number;
  readonly email: string;
  readonly displayName: string;
  readonly role: AccountRole;
  readonly districtCode: string | null;
  readonly schoolCode: string | null;
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  /** From `hashPassword`; the repository never sees a password. */
  readonly passwordHash: string;
  readonly role: AccountRole;
  readonly districtCode?: string | null;
  readonly schoolCode?: string | null;
}

export interface UserFilter {
  readonly districtCode?: string;
  readonly schoolCode?: string;
  readonly role?: AccountRole;
  readonly includeDisabled?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DISTRICT_CODE = /^[0-9]{7}$/;
const SCHOOL_CODE = /^[0-9]{14}$/;

/** Emails are compared and stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks that an account's role, district and school fit together (the database checks the same
 * rules; this names the bad value first). Throws {@link WorkspaceInputError}.
 */
export function validateNewUser(user: NewUser): void {
  const email = normalizeEmail(user.email);
  if (!EMAIL.test(email))
    throw new WorkspaceInputError(`invalid email "${user.email}"`, "email", user.email);
  if (user.displayName.trim() === "") {
    throw new WorkspaceInputError(
      `empty display name for "${email}"`,
      "displayName",
      user.displayName,
    );
  }
  const district = user.districtCode ?? null;
  const school = user.schoolCode ?? null;
  if (district !== null && !DISTRICT_CODE.test(district)) {
    throw new WorkspaceInputError(
      `invalid district code "${district}" (7 digits)`,
      "districtCode",
      district,
    );
  }
  if (school !== null && !SCHOOL_CODE.test(school)) {
    throw new WorkspaceInputError(
      `invalid school code "${school}" (14-digit CDS code)`,
      "schoolCode",
      school,
    );
  }
  const scope = ROLE_SCOPE[user.role];
  if (scope === undefined)
    throw new WorkspaceInputError(`invalid role "${user.role}"`, "role", user.role);
  if (scope === "none" && (district !== null || school !== null)) {
    throw new WorkspaceInputError(
      `role ${user.role} takes no district or school (got "${district ?? school}")`,
      "districtCode",
      district ?? school,
    );
  }
  if ((scope === "district" || scope === "school") && district === null) {
    throw new WorkspaceInputError(
      `role ${user.role} needs a district code`,
      "districtCode",
      district,
    );
  }
  if (scope === "school" && school === null) {
    throw new WorkspaceInputError(`role ${user.role} needs a school code`, "schoolCode", school);
  }
  if (scope !== "school" && school !== null) {
    throw new WorkspaceInputError(
      `role ${user.role} takes no school code (got "${school}")`,
      "schoolCode",
      school,
    );
  }
  if (school !== null && school.slice(0, 7) !== district) {
    throw new WorkspaceInputError(
      `school code "${school}" is not in district "${district}"`,
      "schoolCode",
      school,
    );
  }
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    districtCode: row.district_code,
    schoolCode: row.school_code,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

/** Accounts: create, find, list, change password, disable. */
export class UserRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates an account; throws {@link DuplicateKeyError} when the email is taken. */
  async create(input: NewUser): Promise<User> {
    validateNewUser(input);
    const email = normalizeEmail(input.email);
    try {
      const row = await this.db
        .insertInto("users")
        .values({
          email,
          display_name: input.displayName.trim(),
          password_hash: input.passwordHash,
          role: input.role,
          district_code: input.districtCode ?? null,
          school_code: input.schoolCode ?? null,
          created_at: this.clock(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateKeyError("email", email, error);
      throw error;
    }
  }

  async findById(id: number): Promise<User | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** The display names of the given accounts (one query; unknown ids are left out). */
  async displayNames(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("users")
      .select(["id", "display_name"])
      .where("id", "in", [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", normalizeEmail(email))
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** The account and its password hash, for login only. */
  async findCredentials(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", normalizeEmail(email))
      .executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  /** Accounts matching the filter, by email; disabled accounts only when asked. */
  async list(filter: UserFilter = {}): Promise<User[]> {
    let q = this.db.selectFrom("users").selectAll();
    if (filter.districtCode !== undefined) q = q.where("district_code", "=", filter.districtCode);
    if (filter.schoolCode !== undefined) q = q.where("school_code", "=", filter.schoolCode);
    if (filter.role !== undefined) q = q.where("role", "=", filter.role);
    if (!filter.includeDisabled) q = q.where("disabled_at", "is", null);
    const rows = await q.orderBy("email").execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Replaces the password hash; false when no such user. */
  async setPasswordHash(id: number, passwordHash: string): Promise<boolean> {
    const r = await this.db
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where("id", "=", id)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Disables an account (it can no longer sign in; its sessions stop resolving). */
  async disable(id: number): Promise<boolean> {
    const r = await this.db
      .updateTable("users")
      .set({ disabled_at: this.clock() })
      .where("id", "=", id)
      .where("disabled_at", "is", null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async enable(id: number): Promise<boolean> {
    const r = await this.db
      .updateTable("users")
      .set({ disabled_at: null })
      .where("id", "=", id)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }
}
