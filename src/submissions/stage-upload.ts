import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { SubmissionFile } from "./browser-submission.ts";
import { unzipUpload } from "./unzip-upload.ts";
import { uploadFileName } from "./upload-file-name.ts";
import type { UploadLimits } from "./upload-limits.ts";
import { UploadRefusedError } from "./upload-refused-error.ts";

/** One file of an upload as it arrives: the browser's name and its bytes. */
export interface UploadPart {
  readonly name: string;
  readonly stream: Readable;
}

/** The byte budget of one upload, shared by its files and zip entries. */
export class UploadBudget {
  private total = 0;
  private files = 0;
  constructor(readonly limits: UploadLimits) {}

  /** Counts one more file; refuses past `maxFiles`. */
  addFile(name: string): void {
    if (++this.files > this.limits.maxFiles)
      throw new UploadRefusedError(
        "bad_upload",
        name,
        `the upload holds more than ${this.limits.maxFiles} files (at "${name}")`,
      );
  }

  /** Counts `n` more bytes of the upload; refuses past `maxTotalBytes`. */
  addBytes(n: number, name: string): void {
    this.total += n;
    if (this.total > this.limits.maxTotalBytes)
      throw new UploadRefusedError(
        "too_large",
        name,
        `the upload is larger than its limit of ${bytesWords(this.limits.maxTotalBytes)} (at "${name}")`,
      );
  }
}

/** "1 GiB", "512 MiB", "2,000 bytes": a limit in words. */
export function bytesWords(n: number): string {
  for (const [unit, size] of [
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const) {
    if (n >= size && n % (size / 4) === 0) return `${n / size} ${unit}`;
  }
  return `${n.toLocaleString("en-US")} bytes`;
}

/**
 * Streams `stream` into `path`, hashing it and refusing (before writing past it) a file over
 * `maxBytes` or an upload over its total; `refusal` names what a too-large file is.
 */
export async function writeLimited(
  stream: Readable,
  path: string,
  name: string,
  maxBytes: number,
  budget: UploadBudget,
  tooLarge: () => UploadRefusedError,
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(tooLarge());
      try {
        budget.addBytes(chunk.length, name);
      } catch (error) {
        return done(error as Error);
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(stream, count, createWriteStream(path));
  return { bytes, sha256: hash.digest("hex") };
}

/**
 * Writes an upload's files into `dir` (created), never holding a whole file in memory: CSV
 * files as they are, a zip's entries unpacked (see {@link unzipUpload}). Refuses, with
 * {@link UploadRefusedError} and `dir` removed, a name with a path, two files of one name, a file
 * or upload over its limits, a zip bomb. Returns the files written, by name.
 */
export async function stageUpload(
  dir: string,
  parts: AsyncIterable<UploadPart>,
  limits: UploadLimits,
): Promise<SubmissionFile[]> {
  await mkdir(dir, { recursive: true });
  const budget = new UploadBudget(limits);
  const files: SubmissionFile[] = [];
  const taken = new Set<string>();
  const claim = (name: string) => {
    if (taken.has(name))
      throw new UploadRefusedError(
        "bad_upload",
        name,
        `the upload holds two files named "${name}"`,
      );
    taken.add(name);
  };
  try {
    for await (const part of parts) {
      const name = uploadFileName(part.name, "the file name");
      if (/\.zip$/i.test(name)) {
        const zipPath = join(dir, ".upload.zip");
        await writeLimited(
          part.stream,
          zipPath,
          name,
          limits.maxZipBytes,
          new UploadBudget({ ...limits, maxTotalBytes: Number.POSITIVE_INFINITY }),
          () =>
            new UploadRefusedError(
              "too_large",
              name,
              `"${name}" is larger than the zip limit of ${bytesWords(limits.maxZipBytes)}`,
            ),
        );
        for (const f of await unzipUpload(zipPath, dir, budget, name)) {
          claim(f.name);
          files.push(f);
        }
        await rm(zipPath, { force: true });
        continue;
      }
      claim(name);
      budget.addFile(name);
      const written = await writeLimited(
        part.stream,
        join(dir, name),
        name,
        limits.maxFileBytes,
        budget,
        () =>
          new UploadRefusedError(
            "too_large",
            name,
            `"${name}" is larger than the file limit of ${bytesWords(limits.maxFileBytes)}`,
          ),
      );
      files.push({ name, bytes: written.bytes, sha256: written.sha256, rows: null });
    }
    if (files.length === 0)
      throw new UploadRefusedError("bad_upload", null, "the upload holds no file");
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}
