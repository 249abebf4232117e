/*
 * How a result row's stored facts (a `facts` JSON column) become its `reason` column once they
 * have been decided for the reader and rendered.
 */

/** A row with its `facts` column replaced, in place, by the reason rendered from them. */
export function withReason(
  row: Record<string, unknown>,
  reason: string | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === "facts") out.reason = reason;
    else out[k] = v;
  }
  return { ...out, ...extra };
}

/** Parses a stored `facts` JSON value (DuckDB returns JSON as text). */
export function parseFacts<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
