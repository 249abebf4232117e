import { isUtf8 } from "node:buffer";

/** What a file's bytes say about its encoding, when it is not plain UTF-8. */
export type EncodingFinding =
  /** A UTF-16 or UTF-32 file: by its byte order mark or its pattern of NUL bytes. */
  | { readonly kind: "wide"; readonly encoding: string; readonly evidence: string }
  /** NUL bytes in a file that is otherwise not UTF-16 (a binary or damaged file). */
  | { readonly kind: "nul"; readonly line: number; readonly count: number }
  /** Bytes that are not UTF-8: how many lines hold some, and the first. */
  | { readonly kind: "invalid-utf8"; readonly line: number; readonly lines: number };

const BOMS: readonly { bytes: readonly number[]; encoding: string }[] = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: "UTF-32LE" },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: "UTF-32BE" },
  { bytes: [0xff, 0xfe], encoding: "UTF-16LE" },
  { bytes: [0xfe, 0xff], encoding: "UTF-16BE" },
];

/**
 * Follows a file's bytes chunk by chunk (as `scanFile` reads them) and finds what keeps it from
 * being UTF-8 text: a UTF-16/32 byte order mark, NUL bytes (every other byte NUL is UTF-16
 * without a mark), bytes that are not UTF-8 (counted by line; only a chunk that fails the fast
 * whole-chunk test is looked at line by line).
 */
export class EncodingScan {
  private wide: EncodingFinding | null = null;
  private nulCount = 0;
  private nulLine = 0;
  private invalidLines = 0;
  private invalidLine = 0;
  private pending: Buffer = Buffer.alloc(0);
  private first = true;

  /** Takes the next chunk; `line` is the line number the chunk starts in. */
  update(chunk: Buffer, line: number): void {
    if (this.first) {
      this.first = false;
      this.wide = wideEncoding(chunk);
    }
    if (this.wide) return;
    if (chunk.indexOf(0) !== -1) this.countNuls(chunk, line);
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = completeLength(data);
    this.pending = Buffer.from(data.subarray(cut));
    const whole = data.subarray(0, cut);
    if (!isUtf8(whole)) this.countInvalidLines(whole, line);
  }

  /** What was found once every chunk was seen; null for UTF-8 text. */
  finish(line: number): EncodingFinding | null {
    if (this.wide) return this.wide;
    if (this.pending.length > 0) {
      // the file ends inside a multi-byte sequence
      if (this.invalidLines === 0) this.invalidLine = line;
      this.invalidLines += 1;
      this.pending = Buffer.alloc(0);
    }
    if (this.nulCount > 0) return { kind: "nul", line: this.nulLine, count: this.nulCount };
    if (this.invalidLines > 0) {
      return { kind: "invalid-utf8", line: this.invalidLine, lines: this.invalidLines };
    }
    return null;
  }

  private countNuls(chunk: Buffer, line: number): void {
    let at = chunk.indexOf(0);
    if (this.nulCount === 0) this.nulLine = line + newlinesBefore(chunk, at);
    while (at !== -1) {
      this.nulCount += 1;
      at = chunk.indexOf(0, at + 1);
    }
  }

  private countInvalidLines(data: Buffer, line: number): void {
    let from = 0;
    let at = line;
    while (from <= data.length) {
      const end = data.indexOf(0x0a, from);
      const stop = end === -1 ? data.length : end;
      if (!isUtf8(data.subarray(from, stop))) {
        if (this.invalidLines === 0) this.invalidLine = at;
        this.invalidLines += 1;
      }
      if (end === -1) break;
      from = end + 1;
      at += 1;
    }
  }
}

/** A UTF-16/32 finding from a file's first chunk: its byte order mark or its NUL pattern. */
function wideEncoding(chunk: Buffer): EncodingFinding | null {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => chunk[i] === b)) {
      const hex = bom.bytes.map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");
      return { kind: "wide", encoding: bom.encoding, evidence: `byte order mark ${hex}` };
    }
  }
  // ASCII text in UTF-16 has a NUL in every other byte: odd positions (LE) or even ones (BE)
  const sample = chunk.subarray(0, Math.min(chunk.length, 4096) & ~1);
  if (sample.length < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) even += 1;
    if (sample[i + 1] === 0) odd += 1;
  }
  const pairs = sample.length / 2;
  if (odd > 0.4 * pairs && even < 0.05 * pairs) {
    return {
      kind: "wide",
      encoding: "UTF-16LE",
      evidence: "NUL in every other byte, no byte order mark",
    };
  }
  if (even > 0.4 * pairs && odd < 0.05 * pairs) {
    return {
      kind: "wide",
      encoding: "UTF-16BE",
      evidence: "NUL in every other byte, no byte order mark",
    };
  }
  return null;
}

/** The length of `data` without a multi-byte UTF-8 sequence cut off at its end. */
function completeLength(data: Buffer): number {
  for (let back = 1; back <= Math.min(3, data.length); back++) {
    const byte = data[data.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (byte < 0x80) return data.length;
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? data.length - back : data.length;
  }
  return data.length;
}

function newlinesBefore(chunk: Buffer, end: number): number {
  let count = 0;
  for (let at = chunk.indexOf(0x0a); at !== -1 && at < end; at = chunk.indexOf(0x0a, at + 1)) {
    count += 1;
  }
  return count;
}
