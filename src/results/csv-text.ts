/**
 * The one CSV writer of the product (API exports and `collab export`): a header row, comma
 * separated, `\n` line ends, fields quoted when they hold a comma, quote or line break.
 *
 * Text that a spreadsheet would run as a formula (beginning with `=`, `+`, `-`, `@`, a tab or a
 * carriage return) is written with a leading apostrophe, as OWASP recommends for CSV injection;
 * numbers, negative ones included, are written as numbers (a JavaScript number, bigint, or a
 * string that is exactly a decimal number) so an analyst's tools still read them as such.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A decimal number as text (what a numeric column holds when it was read as text). */
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** One CSV line of `fields`, its `\n` included. */
export function csvLine(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

/** The lines of `rows` (no header), columns in the order given. */
export function csvRowLines(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): string {
  let text = "";
  for (const r of rows) text += csvLine(columns.map((c) => r[c]));
  return text;
}

/** Rows as CSV text, columns in the first row's order (`columns` when given). */
export function csvText(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[] = rows[0] ? Object.keys(rows[0]) : [],
): string {
  return csvLine(columns) + csvRowLines(rows, columns);
}
