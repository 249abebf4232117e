import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One CSV file read back: its header and rows (fields unquoted). */
export interface CsvFile {
  readonly header: string[];
  readonly rows: string[][];
}

/** A strict CSV reader for the generator's output: `\n` line ends, `"` quoting. */
export function parseCsv(text: string): CsvFile {
  if (!text.endsWith("\n")) throw new Error("file does not end with a line end");
  if (text.includes("\r")) throw new Error("file has a carriage return");
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') {
      if (field !== "") throw new Error(`quote inside an unquoted field at offset ${i}`);
      quoted = true;
    } else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  const [header, ...rows] = records;
  if (!header) throw new Error("empty file");
  return { header, rows };
}

/** A submission folder read back, file by file, as objects keyed by column name. */
export interface Submission {
  readonly district: string;
  readonly year: number;
  readonly dir: string;
  readonly tables: Map<string, Record<string, string>[]>;
  readonly raw: Map<string, CsvFile>;
}

export function readSubmissions(networkDir: string): Submission[] {
  const submissions: Submission[] = [];
  const districtsDir = join(networkDir, "districts");
  for (const district of readdirSync(districtsDir).sort()) {
    for (const year of readdirSync(join(districtsDir, district)).sort()) {
      const dir = join(districtsDir, district, year);
      const tables = new Map<string, Record<string, string>[]>();
      const raw = new Map<string, CsvFile>();
      for (const file of readdirSync(dir).sort()) {
        const csv = parseCsv(readFileSync(join(dir, file), "utf8"));
        raw.set(file, csv);
        tables.set(
          file,
          csv.rows.map((row) =>
            Object.fromEntries(csv.header.map((name, k) => [name, row[k] ?? ""])),
          ),
        );
      }
      submissions.push({ district, year: Number(year), dir, tables, raw });
    }
  }
  return submissions;
}

export function rowsOf(submission: Submission, file: string): Record<string, string>[] {
  const rows = submission.tables.get(file);
  if (!rows) throw new Error(`${file} missing from ${submission.dir}`);
  return rows;
}

/** Every file under a folder, relative path → bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path)));
    }
  };
  walk("");
  return files;
}
