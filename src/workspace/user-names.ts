import type { UserRepository } from "./user-repository.ts";

/**
 * The display names of the given users, read once, as a lookup (an unknown id reads
 * "user N"): for showing who submitted, reviewed or facilitates.
 */
export async function userNames(
  users: UserRepository,
  ids: Iterable<number | null>,
): Promise<(id: number) => string> {
  const names = new Map<number, string>();
  for (const id of new Set(ids)) {
    if (id === null) continue;
    const user = await users.findById(id);
    if (user) names.set(id, user.displayName);
  }
  return (id) => names.get(id) ?? `user ${id}`;
}
