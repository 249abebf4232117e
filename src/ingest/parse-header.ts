/**
 * Splits a CSV header line into column names (comma separated, fields may be double-quoted
 * with "" for a quote; a quote inside a name that does not start with one is part of it).
 */
export function parseHeader(line: string): string[] {
  const names: string[] = [];
  let current = "";
  let quoted = false;
  // a quote opens a field only at its start, as DuckDB reads the rows; elsewhere it is a character
  let opened = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
        // text after the closing quote: the name is malformed, so keep the quote (it then
        // matches no column and the header is refused, as the rows would be)
        if (i + 1 < line.length && line[i + 1] !== ",") current += '"';
      } else current += ch;
    } else if (ch === '"' && current === "" && !opened) {
      quoted = true;
      opened = true;
    } else if (ch === ",") {
      names.push(current);
      current = "";
      opened = false;
    } else current += ch;
  }
  names.push(current);
  return names;
}
