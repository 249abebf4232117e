import { type Kysely, sql } from "kysely";

/**
 * Runs DDL statements one at a time: PGlite's extended protocol takes a single statement per
 * query, so migrations are lists of statements rather than one script.
 */
export async function runStatements(
  db: Kysely<unknown>,
  statements: readonly string[],
): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
