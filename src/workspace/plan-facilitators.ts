import { canAccess } from "../access/access-policy.ts";
import type { Principal } from "../access/principal.ts";
import type { PlanFilter, PlanRepository } from "./plan-repository.ts";

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
 * plans, by name then id. Plans without a facilitator are left out. `visible` is the reader's
 * plans as SQL (null: none), narrowing the one statement read before the policy's last word.
 */
export async function facilitatorsOf(
  plans: PlanRepository,
  who: Principal,
  visible: PlanFilter | null,
): Promise<FacilitatorSchools[]> {
  if (visible === null) return [];
  const readable = (await plans.facilitated(visible)).filter(
    (p) =>
      canAccess(who, {
        kind: "improvement_plan",
        action: "read",
        schools: p.schools,
        facilitatorId: p.facilitatorId,
      }).allowed,
  );
  const byId = new Map<number, { name: string; schools: Set<string> }>();
  for (const p of readable) {
    const f = byId.get(p.facilitatorId) ?? { name: p.name, schools: new Set<string>() };
    for (const s of p.schools) f.schools.add(s);
    byId.set(p.facilitatorId, f);
  }
  return [...byId]
    .map(([id, f]) => ({ id, name: f.name, schools: [...f.schools].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}
