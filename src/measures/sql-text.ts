/** A SQL string literal ('it''s'). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A parenthesized SQL list of string literals: ('A', 'B'). */
export function sqlStrings(values: readonly string[]): string {
  return `(${values.map(sqlString).join(", ")})`;
}

/** A parenthesized SQL list of numbers: (3, 4). Throws on a non-finite number. */
export function sqlNumbers(values: readonly number[]): string {
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return `(${values.join(", ")})`;
}
