import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { type EncodingFinding, EncodingScan } from "./text-encoding.ts";

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
  /**
   * Records (a line, or the lines a quoted field's line breaks join) longer than
   * {@link MAX_LINE_BYTES} without their final line break, in file order: the first
   * {@link MAX_LONG_LINES_KEPT}, with `longLineCount` counting them all.
   */
  readonly longLines: readonly {
    /** The line the record starts on. */
    readonly line: number;
    /** How many physical lines it spans (more than one when a quoted field holds line breaks). */
    readonly lines: number;
    readonly bytes: number;
    /** The file ends inside the record's quotes (a quote opened there is never closed). */
    readonly unclosedQuote: boolean;
  }[];
  readonly longLineCount: number;
  /** What keeps the file from being UTF-8 text (UTF-16, NUL bytes, invalid bytes); null if nothing. */
  readonly encoding: EncodingFinding | null;
}

/**
 * The longest record ingest reads, in bytes. A row of the input format is a few hundred bytes;
 * DuckDB's CSV reader rejects a record over its `max_line_size` but silently drops one longer
 * than its read buffer (a 50 MB field vanished) and loses its place in a long quoted one, so
 * over-long records are found here, in the byte scan, and never handed to it (see `stageFile`).
 */
export const MAX_LINE_BYTES = 1 << 20;
/** How many over-long records a scan keeps (it counts them all). */
export const MAX_LONG_LINES_KEPT = 1000;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const MAX_HEADER_BYTES = 1 << 20;

/**
 * Reads a file once: hashes it, keeps its header line, counts its lines, notes the empty ones
 * and the over-long records (following double quotes, so a quoted line break continues a
 * record). Works in chunks with `indexOf`, so it costs about one sequential read of the file.
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
  // records: a line break inside a quoted field continues the record. As DuckDB reads it, a quote
  // opens a field only at its start (after a comma or line break), and inside one "" is a quote
  let quoted = false;
  // the chunk ended on a quote inside a quoted field: escape or close, by the next byte
  let quoteAtEnd = false;
  let lastByte = -1;
  let recordLine = 1;
  let recordStart = 0;
  const longLines: FileScan["longLines"][number][] = [];
  let longLineCount = 0;
  const encoding = new EncodingScan();
  const endRecord = (end: number) => {
    const bytes = end - recordStart;
    if (bytes > MAX_LINE_BYTES) {
      longLineCount += 1;
      if (longLines.length < MAX_LONG_LINES_KEPT) {
        longLines.push({
          line: recordLine,
          lines: line - recordLine + 1,
          bytes,
          unclosedQuote: quoted,
        });
      }
    }
  };

  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    encoding.update(chunk, line);
    if (lineFirstByte === -1 && lineStart >= offset && lineStart < offset + chunk.length) {
      lineFirstByte = chunk[lineStart - offset]!;
    }
    let from = 0;
    let quote = chunk.indexOf(QUOTE);
    if (quoteAtEnd) {
      quoteAtEnd = false;
      if (chunk[0] === QUOTE) quote = chunk.indexOf(QUOTE, 1);
      else quoted = false;
    }
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
      const upTo = i === -1 ? chunk.length : i;
      while (quote !== -1 && quote < upTo) {
        if (!quoted) {
          const before = quote > 0 ? chunk[quote - 1]! : lastByte;
          if (before === -1 || before === COMMA || before === NEWLINE) quoted = true;
          quote = chunk.indexOf(QUOTE, quote + 1);
        } else if (quote + 1 === chunk.length) {
          quoteAtEnd = true;
          quote = -1;
        } else if (chunk[quote + 1] === QUOTE) {
          quote = chunk.indexOf(QUOTE, quote + 2);
        } else {
          quoted = false;
          quote = chunk.indexOf(QUOTE, quote + 1);
        }
      }
      if (i === -1) break;
      const at = offset + i;
      const length = at - lineStart;
      if (!quoted) {
        if (length === 0 || (length === 1 && lineFirstByte === CARRIAGE_RETURN)) {
          blankLines.push(line);
        }
        endRecord(at);
        recordLine = line + 1;
        recordStart = at + 1;
      }
      line += 1;
      lastNewline = at;
      lineStart = at + 1;
      lineFirstByte = i + 1 < chunk.length ? chunk[i + 1]! : -1;
      from = i + 1;
    }
    offset += chunk.length;
    lastByte = chunk[chunk.length - 1]!;
  }
  if (quoteAtEnd) quoted = false;

  const physicalLines = line - 1 + (offset > lastNewline + 1 ? 1 : 0);
  if (offset > recordStart) {
    if (offset === lastNewline + 1) line -= 1;
    endRecord(offset);
  }
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
    longLines,
    longLineCount,
    encoding: encoding.finish(physicalLines),
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
