import type { UserRepository } from "./user-repository.ts";

/**
 * The display names of the given users, read at once (one query), as a lookup (an unknown id
 * reads "user N"): for showing who submitted, reviewed or facilitates.
 */
export async function userNames(
  users: UserRepository,
  ids: Iterable<number | null>,
): Promise<(id: number) => string> {
  const wanted = [...new Set(ids)].filter((id): id is number => id !== null);
  const names = await users.displayNames(wanted);
  return (id) => names.get(id) ?? `user ${id}`;
}
