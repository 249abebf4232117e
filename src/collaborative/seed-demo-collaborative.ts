import { randomBytes } from "node:crypto";
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  type ScryptParams,
} from "../accounts/password-hash.ts";
import type { WorkspaceRepositories } from "../workspace/workspace-repositories.ts";
import type { RoleAlikePosition } from "./role-alike-positions.ts";

/**
 * The demo's districts (`collab start`), once (nothing when any district exists): every district a
 * member but the last, a data-collaborative participant (when there are two or more), each with a
 * data-sharing agreement from the July before its first school year to three years after the
 * last, covering those years and every input table. Returns how many it onboarded.
 */
export async function seedDemoDistricts(
  repos: Pick<WorkspaceRepositories, "districts">,
  districts: readonly { code: string; name: string }[],
  years: { first: number; last: number },
): Promise<number> {
  if ((await repos.districts.list()).length > 0) return 0;
  const sorted = [...districts].sort((a, b) => a.code.localeCompare(b.code));
  for (const [i, d] of sorted.entries()) {
    const participant = sorted.length > 1 && i === sorted.length - 1;
    await repos.districts.create({
      code: d.code,
      name: d.name,
      status: participant ? "participant" : "member",
      joinedOn: `${years.first - 1}-07-01`,
    });
    await repos.districts.recordAgreement(d.code, {
      signedOn: `${years.first - 1}-06-15`,
      startsOn: `${years.first - 1}-07-01`,
      endsOn: `${years.last + 3}-06-30`,
      firstYear: years.first,
      lastYear: years.last + 1,
      dataKinds: [],
    });
  }
  return sorted.length;
}

const PEOPLE: readonly {
  position: RoleAlikePosition;
  title: string;
  first: string;
  last: string;
}[] = [
  {
    position: "data_lead",
    title: "Director of research and evaluation",
    first: "Ana",
    last: "Reyes",
  },
  {
    position: "el_director",
    title: "Director of multilingual learners",
    first: "Bao",
    last: "Tran",
  },
  {
    position: "principal_supervisor",
    title: "Area superintendent",
    first: "Carla",
    last: "Mendez",
  },
  { position: "assessment_lead", title: "Assessment coordinator", first: "Dev", last: "Patel" },
];

/**
 * A few role-alike directory entries for the demo, once (nothing when any profile exists): in
 * each district one or two people (accounts with a password no one knows: they are there to be
 * found and called), listed with their contact shown, and the hub admin as hub staff. Returns
 * how many profiles it wrote.
 */
export async function seedDemoDirectory(
  repos: Pick<WorkspaceRepositories, "districts" | "users" | "directory">,
  scryptParams: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<number> {
  if ((await repos.directory.list()).length > 0) return 0;
  let written = 0;
  const hub = (await repos.users.list({ role: "hub_admin" }))[0];
  if (hub) {
    await repos.directory.save(hub.id, {
      position: "hub_staff",
      title: "Data collaborative analyst",
      phone: "",
      email: "",
      showContact: false,
      listed: true,
    });
    written++;
  }
  const districts = (await repos.districts.list()).filter((d) => d.status !== "inactive");
  for (const [i, d] of districts.entries()) {
    for (const person of [PEOPLE[i % PEOPLE.length]!, PEOPLE[(i + 1) % PEOPLE.length]!]) {
      const email = `${person.first}.${person.last}.${d.code}@example.org`.toLowerCase();
      const user =
        (await repos.users.findByEmail(email)) ??
        (await repos.users.create({
          email,
          displayName: `${person.first} ${person.last}`,
          passwordHash: await hashPassword(randomBytes(24).toString("base64url"), scryptParams),
          role: "district_admin",
          districtCode: d.code,
        }));
      await repos.directory.save(user.id, {
        position: person.position,
        title: person.title,
        phone: `555-01${String(10 + written).padStart(2, "0")}`,
        email,
        showContact: true,
        listed: true,
      });
      written++;
    }
  }
  return written;
}
