import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A seeded random source (mulberry32): the same seed gives the same corruptions. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;
const int = (random: Random, from: number, to: number) =>
  from + Math.floor(random() * (to - from + 1));

/** Byte offsets of `byte` in `bytes`. */
function positions(bytes: Buffer, byte: number): number[] {
  const out: number[] = [];
  for (let at = bytes.indexOf(byte); at !== -1; at = bytes.indexOf(byte, at + 1)) out.push(at);
  return out;
}

const splice = (bytes: Buffer, at: number, remove: number, insert: Buffer | string) =>
  Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at + remove)]);

/** The file's lines (split at LF, each without it) and whether it ended with one. */
function lines(bytes: Buffer): { list: Buffer[]; trailing: boolean } {
  const list: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, from)) {
    list.push(bytes.subarray(from, at));
    from = at + 1;
  }
  const trailing = from === bytes.length;
  if (!trailing) list.push(bytes.subarray(from));
  return { list, trailing };
}

const joinLines = ({ list, trailing }: { list: Buffer[]; trailing: boolean }) =>
  Buffer.concat([
    ...list.flatMap((l) => [l, Buffer.from("\n")]).slice(0, trailing ? undefined : -1),
  ]);

/** One corruption of a file's bytes: its name and what it does (null when it cannot apply). */
interface Corruption {
  readonly name: string;
  apply(bytes: Buffer, random: Random): Buffer | null;
}

/** Splits a line into its fields at commas outside quotes (for the column shuffle). */
function splitFields(line: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out;
}

const CORRUPTIONS: readonly Corruption[] = [
  {
    name: "truncate",
    apply: (b, r) => (b.length < 2 ? null : b.subarray(0, int(r, 0, b.length - 1))),
  },
  {
    name: "insert-bytes",
    apply: (b, r) => {
      const bytes = Buffer.from(Array.from({ length: int(r, 1, 6) }, () => int(r, 0, 255)));
      return splice(b, int(r, 0, b.length), 0, bytes);
    },
  },
  {
    name: "insert-ascii",
    apply: (b, r) =>
      splice(b, int(r, 0, b.length), 0, pick(r, ["x", "0", " ", "-", "\r", "\t", ",,"])),
  },
  {
    name: "delete-delimiter",
    apply: (b, r) => {
      const at = positions(b, 0x2c);
      return at.length === 0 ? null : splice(b, pick(r, at), 1, "");
    },
  },
  {
    name: "double-delimiter",
    apply: (b, r) => {
      const at = positions(b, 0x2c);
      return at.length === 0 ? null : splice(b, pick(r, at), 0, ",");
    },
  },
  {
    name: "delete-quote",
    apply: (b, r) => {
      const at = positions(b, 0x22);
      return at.length === 0 ? null : splice(b, pick(r, at), 1, "");
    },
  },
  {
    name: "double-quote",
    apply: (b, r) => {
      const at = positions(b, 0x22);
      return at.length === 0 ? null : splice(b, pick(r, at), 0, '"');
    },
  },
  {
    name: "insert-quote",
    apply: (b, r) => {
      // at the start of a field (after a comma or line break) or anywhere
      const starts = [...positions(b, 0x2c), ...positions(b, 0x0a)].map((p) => p + 1);
      const at = r() < 0.5 && starts.length > 0 ? pick(r, starts) : int(r, 0, b.length);
      return splice(b, at, 0, '"');
    },
  },
  {
    name: "long-field",
    apply: (b, r) => {
      const at = positions(b, 0x2c);
      if (at.length === 0) return null;
      // short, over ingest's 1 MiB record limit, or past DuckDB's read buffer (which dropped
      // such a row without a word)
      const roll = r();
      const size =
        roll < 0.45
          ? int(r, 100, 5000)
          : roll < 0.85
            ? int(r, 1_200_000, 2_500_000)
            : int(r, 40_000_000, 60_000_000);
      const text = r() < 0.5 ? "x".repeat(size) : `"${"y".repeat(size)}"`;
      return splice(b, pick(r, at) + 1, 0, text);
    },
  },
  {
    name: "latin1",
    apply: (b, r) => {
      // a non-ASCII letter written as Latin-1 (one byte that is not UTF-8) inside a line
      const at = positions(b, 0x2c);
      return at.length === 0
        ? null
        : splice(b, pick(r, at) + 1, 0, Buffer.from([pick(r, [0xe9, 0xfc, 0xc4, 0xf1])]));
    },
  },
  {
    name: "utf16",
    apply: (b, r) => {
      const le = Buffer.from(b.toString("utf8"), "utf16le");
      return pick(r, [
        Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
        le,
        Buffer.from(le).swap16(),
      ]);
    },
  },
  {
    name: "shuffle-columns",
    apply: (b, r) => {
      const text = b.toString("utf8");
      if (text.includes('"')) return null; // quoted line breaks: a field is not within one line
      const rows = text.split("\n").map((line) => (line === "" ? null : splitFields(line)));
      const width = rows.find((x) => x !== null)?.length ?? 0;
      if (width < 2) return null;
      const order = [...Array(width).keys()];
      for (let i = width - 1; i > 0; i--) {
        const j = int(r, 0, i);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      // the whole file (header and rows alike), or the header alone (columns misnamed)
      const headerOnly = r() < 0.3;
      return Buffer.from(
        rows
          .map((fields, i) =>
            fields === null
              ? ""
              : fields.length === width && (i === 0 || !headerOnly)
                ? order.map((k) => fields[k]).join(",")
                : fields.join(","),
          )
          .join("\n"),
      );
    },
  },
  {
    name: "duplicate-line",
    apply: (b, r) => {
      const l = lines(b);
      if (l.list.length === 0) return null;
      const i = int(r, 0, l.list.length - 1);
      l.list.splice(i, 0, l.list[i]!);
      return joinLines(l);
    },
  },
  {
    name: "delete-line",
    apply: (b, r) => {
      const l = lines(b);
      if (l.list.length === 0) return null;
      l.list.splice(int(r, 0, l.list.length - 1), 1);
      return joinLines(l);
    },
  },
  {
    name: "blank-line",
    apply: (b, r) => {
      const l = lines(b);
      l.list.splice(int(r, 0, l.list.length), 0, Buffer.from(""));
      return joinLines(l);
    },
  },
  {
    name: "crlf",
    apply: (b) => Buffer.from(b.toString("latin1").replaceAll("\n", "\r\n"), "latin1"),
  },
  {
    name: "newline-in-quotes",
    apply: (b, r) => {
      // line breaks (an empty line among them, perhaps) inside a quoted field
      const text = b.toString("latin1");
      const quoted = [...text.matchAll(/"(?:[^"]|"")*"/g)];
      if (quoted.length === 0) return null;
      const m = pick(r, quoted);
      const at = m.index + int(r, 1, m[0].length - 1);
      return splice(b, at, 0, pick(r, ["\n", "\n\n", "\r\n", "\n\n\n"]));
    },
  },
  {
    name: "quote-field",
    apply: (b, r) => {
      // a valid change: an unquoted field (between two commas) written quoted
      const text = b.toString("latin1");
      const fields = [...text.matchAll(/,([^,"\r\n]+)(?=,)/g)];
      if (fields.length === 0) return null;
      const m = pick(r, fields);
      return splice(b, m.index + 1, m[1]!.length, `"${m[1]!.replaceAll('"', '""')}"`);
    },
  },
  {
    name: "reorder-rows",
    apply: (b, r) => {
      const text = b.toString("latin1");
      if (text.includes('"')) return null;
      const l = lines(b);
      const rows = l.list.slice(1).filter((x) => x.length > 0);
      if (rows.length < 2) return null;
      for (let i = rows.length - 1; i > 0; i--) {
        const j = int(r, 0, i);
        [rows[i], rows[j]] = [rows[j]!, rows[i]!];
      }
      return joinLines({ list: [l.list[0]!, ...rows], trailing: true });
    },
  },
  {
    name: "header-only",
    apply: (b) => {
      const l = lines(b);
      return l.list.length < 2 ? null : Buffer.concat([l.list[0]!, Buffer.from("\n")]);
    },
  },
];

/** What was done to a submission folder. */
export interface AppliedCorruption {
  readonly file: string;
  readonly corruption: string;
}

/**
 * Applies 1 (most often) to 3 random corruptions to the CSV files of a submission folder (each to a file drawn
 * at random), in place; returns them in order.
 */
export function corruptSubmission(dir: string, random: Random): AppliedCorruption[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort();
  const applied: AppliedCorruption[] = [];
  // mostly one corruption, so that some submissions stay valid and their rows are compared
  const count = random() < 0.6 ? 1 : int(random, 2, 3);
  for (let tries = 0; applied.length < count && tries < 20; tries++) {
    const file = pick(random, files);
    const corruption = pick(random, CORRUPTIONS);
    const path = join(dir, file);
    const out = corruption.apply(readFileSync(path), random);
    if (out === null) continue;
    writeFileSync(path, out);
    applied.push({ file, corruption: corruption.name });
  }
  return applied;
}
