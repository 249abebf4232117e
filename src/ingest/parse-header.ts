/**
 * Splits a CSV header line into column names (comma separated, fields may be double-quoted
 * with "" for a quote).
 */
export function parseHeader(line: string): string[] {
  const names: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      names.push(current);
      current = "";
    } else current += ch;
  }
  names.push(current);
  return names;
}
