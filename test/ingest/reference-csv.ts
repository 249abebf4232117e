/**
 * A strict RFC 4180 reader written apart from ingest (no DuckDB, no shared code), the reference
 * the fuzz suite holds ingest to: what it reads from a file is what ingest must store, and a
 * file it refuses must be refused. It follows the documented input format: UTF-8 (a UTF-8 byte
 * order mark is dropped), comma separated, `"` quotes with `""` for a quote, LF or CRLF line
 * ends, empty lines skipped, every row as many fields as the header, no record over 1 MiB, no
 * NUL byte. Where RFC 4180 is silent or strict beyond what loses data, it reads as Python's csv
 * module and DuckDB do: a quote inside a field that does not start with one is a plain
 * character, and empty fields past the header's width are dropped (a trailing comma; a
 * non-empty one is an error).
 */
export type ReferenceCsv =
  | { readonly ok: true; readonly header: readonly string[]; readonly rows: readonly string[][] }
  | { readonly ok: false; readonly error: string };

const MAX_RECORD_BYTES = 1 << 20;
const SPECIAL = /[,\r\n]/g;

export function readReferenceCsv(bytes: Buffer): ReferenceCsv {
  if (bytes.includes(0)) return { ok: false, error: "NUL byte" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, error: "not UTF-8" };
  }
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let i = 0;
  let recordStart = 0;
  const endRecord = (end: number): string | null => {
    fields.push(field);
    field = "";
    const blank = fields.length === 1 && fields[0] === "";
    if (Buffer.byteLength(text.slice(recordStart, end)) > MAX_RECORD_BYTES) {
      return "record over 1 MiB";
    }
    if (!blank) records.push(fields);
    fields = [];
    return null;
  };
  while (i < text.length) {
    if (field === "" && text[i] === '"') {
      // a quoted field: up to the quote not followed by another
      i += 1;
      for (;;) {
        if (i >= text.length) return { ok: false, error: "unterminated quote" };
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        const next = text.indexOf('"', i);
        if (next === -1) return { ok: false, error: "unterminated quote" };
        field += text.slice(i, next);
        i = next;
      }
      const next = text[i];
      const crlf = next === "\r" && text[i + 1] === "\n";
      if (next !== undefined && next !== "," && next !== "\n" && !crlf) {
        return { ok: false, error: "text after a closing quote" };
      }
      // an empty quoted field is "" but must not look like the start of another quote
      if (field === "") field = "\u0000quoted";
      continue;
    }
    const ch = text[i]!;
    if (ch === ",") {
      fields.push(field === "\u0000quoted" ? "" : field);
      field = "";
      i += 1;
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (field === "\u0000quoted") field = "";
      const error = endRecord(i);
      if (error) return { ok: false, error };
      i += ch === "\n" ? 1 : 2;
      recordStart = i;
    } else {
      if (field === "\u0000quoted") return { ok: false, error: "text after a closing quote" };
      // the run of plain characters up to the next comma, CR or LF (a quote inside a field that
      // does not start with one is a plain character)
      SPECIAL.lastIndex = i + 1;
      const stop = SPECIAL.exec(text)?.index ?? text.length;
      field += text.slice(i, stop);
      i = stop;
    }
  }
  if (field !== "" || fields.length > 0) {
    if (field === "\u0000quoted") field = "";
    const error = endRecord(text.length);
    if (error) return { ok: false, error };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, error: "no header" };
  for (const row of rows) {
    if (row.length < header.length || row.slice(header.length).some((f) => f !== "")) {
      return { ok: false, error: "wrong number of fields" };
    }
    row.length = header.length;
  }
  return { ok: true, header, rows };
}
