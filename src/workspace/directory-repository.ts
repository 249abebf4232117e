import { sql } from "kysely";
import { isRoleAlikePosition } from "../collaborative/role-alike-positions.ts";
import { type Clock, systemClock } from "./clock.ts";
import { WorkspaceInputError } from "./workspace-errors.ts";
import type { WorkspaceDb } from "./workspace-schema.ts";

/** A person's own directory profile, as they edit it. */
export interface DirectoryProfile {
  readonly position: string;
  readonly title: string;
  readonly phone: string;
  readonly email: string;
  /** Phone and email are shown to others only when true. */
  readonly showContact: boolean;
  /** The person is in the directory at all only when true (opt-in). */
  readonly listed: boolean;
}

/** One person as other network members see them: contact only when they chose to show it. */
export interface DirectoryListing {
  readonly userId: number;
  readonly name: string;
  readonly position: string;
  readonly title: string;
  readonly districtCode: string | null;
  readonly districtName: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+() .\-x]{0,40}$/;

/**
 * The role-alike directory. Listed are people who opted in and belong to the network: the hub
 * (no district), or a member or participant district; an inactive district's people, and people
 * of districts never onboarded, are not listed.
 */
export class DirectoryRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates or replaces the profile of `userId`. */
  async save(userId: number, profile: DirectoryProfile): Promise<DirectoryProfile> {
    if (!isRoleAlikePosition(profile.position))
      throw new WorkspaceInputError(
        `unknown position "${profile.position}"`,
        "position",
        profile.position,
      );
    const title = profile.title.trim();
    if (title.length > 120)
      throw new WorkspaceInputError("title must be at most 120 characters", "title", title);
    const phone = profile.phone.trim();
    if (!PHONE.test(phone))
      throw new WorkspaceInputError(`invalid phone "${profile.phone}"`, "phone", profile.phone);
    const email = profile.email.trim().toLowerCase();
    if (email !== "" && (!EMAIL.test(email) || email.length > 254))
      throw new WorkspaceInputError(`invalid email "${profile.email}"`, "email", profile.email);
    const row = {
      position: profile.position,
      title,
      phone,
      email,
      show_contact: profile.showContact,
      listed: profile.listed,
      updated_at: this.clock(),
    };
    await this.db
      .insertInto("directory_entries")
      .values({ user_id: userId, ...row })
      .onConflict((oc) => oc.column("user_id").doUpdateSet(row))
      .execute();
    return { ...profile, title, phone, email };
  }

  /** The profile of `userId`, or undefined when they have none. */
  async profile(userId: number): Promise<DirectoryProfile | undefined> {
    const r = await this.db
      .selectFrom("directory_entries")
      .selectAll()
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return r === undefined
      ? undefined
      : {
          position: r.position,
          title: r.title,
          phone: r.phone,
          email: r.email,
          showContact: r.show_contact,
          listed: r.listed,
        };
  }

  /** The listed people, by position then district then name; filter by position and district. */
  async list(
    filter: { position?: string; districtCode?: string } = {},
  ): Promise<DirectoryListing[]> {
    let q = this.db
      .selectFrom("directory_entries as e")
      .innerJoin("users as u", "u.id", "e.user_id")
      .leftJoin("districts as d", "d.code", "u.district_code")
      .select([
        "e.user_id",
        "u.display_name",
        "e.position",
        "e.title",
        "u.district_code",
        "d.name as district_name",
        "e.phone",
        "e.email",
        "e.show_contact",
      ])
      .where("e.listed", "=", true)
      .where("u.disabled_at", "is", null)
      .where((eb) =>
        eb.or([
          eb.and([eb("u.district_code", "is", null), eb("u.role", "=", "hub_admin")]),
          eb("d.status", "in", ["member", "participant"]),
        ]),
      );
    if (filter.position !== undefined) q = q.where("e.position", "=", filter.position);
    if (filter.districtCode !== undefined) q = q.where("u.district_code", "=", filter.districtCode);
    const rows = await q
      .orderBy("e.position")
      .orderBy(sql`coalesce(u.district_code, '')`)
      .orderBy("u.display_name")
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.display_name,
      position: r.position,
      title: r.title,
      districtCode: r.district_code,
      districtName: r.district_name,
      phone: r.show_contact && r.phone !== "" ? r.phone : null,
      email: r.show_contact && r.email !== "" ? r.email : null,
    }));
  }
}
