import { canAccess } from "../access/access-policy.ts";
import type { Principal } from "../access/principal.ts";
import type { PlanRepository } from "./plan-repository.ts";
import type { UserRepository } from "./user-repository.ts";

/** A facilitator and the schools whose improvement plans they facilitate (as school or partner). */
export interface FacilitatorSchools {
  readonly id: number;
  readonly name: string;
  readonly schools: readonly string[];
}

/**
 * The facilitators of the improvement plans `who` may read (the access policy's
 * `improvement_plan` rule: the hub every plan, a district admin their district's, school staff
 * their school's, a facilitator their own; the public none), each with the schools of those
 * plans, by name then id. Plans without a facilitator are left out.
 */
export async function facilitatorsOf(
  plans: PlanRepository,
  users: UserRepository,
  who: Principal,
): Promise<FacilitatorSchools[]> {
  const readable = (await plans.list()).filter(
    (p) =>
      p.facilitatorId !== null &&
      canAccess(who, {
        kind: "improvement_plan",
        action: "read",
        schools: p.schools.map((s) => s.schoolCode),
        facilitatorId: p.facilitatorId,
      }).allowed,
  );
  const schools = new Map<number, Set<string>>();
  for (const p of readable) {
    const set = schools.get(p.facilitatorId!) ?? new Set<string>();
    for (const s of p.schools) set.add(s.schoolCode);
    schools.set(p.facilitatorId!, set);
  }
  const result: FacilitatorSchools[] = [];
  for (const [id, set] of schools) {
    const user = await users.findById(id);
    result.push({ id, name: user?.displayName ?? `facilitator ${id}`, schools: [...set].sort() });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}
