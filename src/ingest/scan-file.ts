import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";

/** What one pass over a file's bytes tells ingest before DuckDB reads it. */
export interface FileScan {
  readonly name: string;
  readonly bytes: number;
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string;
  /** The first line (the header), without its line break; null for an empty file. */
  readonly header: string | null;
  /** Physical lines, counting a last line without a line break. */
  readonly physicalLines: number;
  /** 1-based numbers of empty lines (DuckDB skips them, so row line numbers must step over them). */
  readonly blankLines: readonly number[];
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const MAX_HEADER_BYTES = 1 << 20;

/**
 * Reads a file once: hashes it, keeps its header line, counts its lines and notes the empty
 * ones. Works in chunks with `indexOf`, so it costs about one sequential read of the file.
 */
export async function scanFile(path: string): Promise<FileScan> {
  const hash = createHash("sha256");
  const blankLines: number[] = [];
  const headerChunks: Buffer[] = [];
  let headerDone = false;
  let headerBytes = 0;
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  let lineFirstByte = -1;
  let lastNewline = -1;

  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (lineFirstByte === -1 && lineStart >= offset && lineStart < offset + chunk.length) {
      lineFirstByte = chunk[lineStart - offset]!;
    }
    let from = 0;
    for (;;) {
      const i = chunk.indexOf(NEWLINE, from);
      if (!headerDone) {
        const end = i === -1 ? chunk.length : i;
        if (headerBytes < MAX_HEADER_BYTES) {
          headerChunks.push(chunk.subarray(from, end));
          headerBytes += end - from;
        }
        if (i !== -1) headerDone = true;
      }
      if (i === -1) break;
      const at = offset + i;
      const length = at - lineStart;
      if (length === 0 || (length === 1 && lineFirstByte === CARRIAGE_RETURN)) {
        blankLines.push(line);
      }
      line += 1;
      lastNewline = at;
      lineStart = at + 1;
      lineFirstByte = i + 1 < chunk.length ? chunk[i + 1]! : -1;
      from = i + 1;
    }
    offset += chunk.length;
  }

  const physicalLines = line - 1 + (offset > lastNewline + 1 ? 1 : 0);
  let header: string | null = null;
  if (offset > 0) {
    header = Buffer.concat(headerChunks).toString("utf8");
    if (header.endsWith("\r")) header = header.slice(0, -1);
    if (header.startsWith("\uFEFF")) header = header.slice(1);
  }
  return {
    name: basename(path),
    bytes: offset,
    sha256: hash.digest("hex"),
    header,
    physicalLines,
    blankLines: blankLines.filter((n) => n > 1),
  };
}

/**
 * The hash of a whole submission: sha256 over `sha256sum`-style lines ("<file sha256>  <name>\n")
 * of its input files in name order, so `sha256sum $(ls) | sha256sum` in the folder reproduces it.
 */
export function submissionSha256(files: readonly Pick<FileScan, "name" | "sha256">[]): string {
  const hash = createHash("sha256");
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const file of sorted) hash.update(`${file.sha256}  ${file.name}\n`);
  return hash.digest("hex");
}
