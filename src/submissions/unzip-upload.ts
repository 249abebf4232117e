import { join } from "node:path";
import type { Readable } from "node:stream";
import { type Entry, open as openZip, type ZipFile } from "yauzl";
import type { SubmissionFile } from "./browser-submission.ts";
import { bytesWords, type UploadBudget, writeLimited } from "./stage-upload.ts";
import { safePathParts, uploadFileName } from "./upload-file-name.ts";
import { UploadRefusedError } from "./upload-refused-error.ts";

/** Entries a zip tool adds beside the files (macOS resource forks, folder markers, dotfiles). */
function isClutter(path: string): boolean {
  return path.endsWith("/") || path.startsWith("__MACOSX/") || /(^|\/)\./.test(path);
}

/**
 * Unpacks the zip at `zipPath` into `dir`, one entry at a time, streamed. Before writing an
 * entry: its name must be a safe path (see {@link uploadFileName}), its declared uncompressed
 * size within the file and total limits, its ratio to its compressed size within `maxZipRatio`,
 * and it must not be encrypted. While writing: the bytes actually inflated are counted and the
 * entry is refused the moment they pass the limit (a zip whose headers lie about sizes); yauzl
 * also checks the actual size against the declared one.
 */
export async function unzipUpload(
  zipPath: string,
  dir: string,
  budget: UploadBudget,
  zipName: string,
): Promise<SubmissionFile[]> {
  const limits = budget.limits;
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    openZip(
      zipPath,
      { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: true },
      (error, z) =>
        error || !z
          ? reject(
              new UploadRefusedError(
                "bad_zip",
                zipName,
                `"${zipName}" is not a readable zip file: ${error?.message ?? "unknown error"}`,
              ),
            )
          : resolve(z),
    ),
  );
  const files: SubmissionFile[] = [];
  try {
    for (let entry = await nextEntry(zip); entry !== null; entry = await nextEntry(zip)) {
      const path = entry.fileName;
      const where = `${zipName}: ${path}`;
      safePathParts(path, `the zip entry in ${zipName}`);
      if (isClutter(path)) continue;
      const name = uploadFileName(path, `the zip entry in ${zipName}`);
      if ((entry.generalPurposeBitFlag & 1) !== 0)
        throw new UploadRefusedError(
          "bad_zip",
          where,
          `${where} is encrypted; send the zip without a password`,
        );
      budget.addFile(where);
      const declared = entry.uncompressedSize;
      if (declared > limits.maxFileBytes)
        throw new UploadRefusedError(
          "zip_bomb",
          where,
          `${where} declares ${bytesWords(declared)} uncompressed, over the file limit of ${bytesWords(limits.maxFileBytes)}`,
        );
      const ratio = declared / Math.max(entry.compressedSize, 1);
      if (ratio > limits.maxZipRatio)
        throw new UploadRefusedError(
          "zip_bomb",
          where,
          `${where} inflates ${Math.round(ratio)}× (${bytesWords(entry.compressedSize)} to ${bytesWords(declared)}), over the limit of ${limits.maxZipRatio}×: it looks like a zip bomb`,
        );
      const stream = await openEntry(zip, entry, where);
      const written = await writeLimited(
        stream,
        join(dir, name),
        where,
        Math.min(limits.maxFileBytes, declared),
        budget,
        () =>
          new UploadRefusedError(
            "zip_bomb",
            where,
            `${where} inflates past the ${bytesWords(declared)} it declares: stopped, it looks like a zip bomb`,
          ),
      ).catch((error: unknown) => {
        if (error instanceof UploadRefusedError) throw error;
        // yauzl stops an entry whose inflated bytes pass its declared size (validateEntrySizes)
        if (error instanceof Error && error.message.startsWith("too many bytes in the stream"))
          throw new UploadRefusedError(
            "zip_bomb",
            where,
            `${where} inflates past the ${bytesWords(declared)} it declares: stopped, it looks like a zip bomb`,
          );
        throw new UploadRefusedError(
          "bad_zip",
          where,
          `${where} could not be unpacked: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      files.push({ name, bytes: written.bytes, sha256: written.sha256, rows: null });
    }
  } finally {
    zip.close();
  }
  return files;
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry) => {
      zip.off("end", onEnd);
      zip.off("error", onError);
      resolve(entry);
    };
    const onEnd = () => {
      zip.off("entry", onEntry);
      zip.off("error", onError);
      resolve(null);
    };
    const onError = (error: Error) => {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      // yauzl checks every entry name before handing it out (strictFileNames keeps backslashes)
      const unsafe =
        /^(invalid characters in fileName|absolute path|invalid relative path): (.*)$/s.exec(
          error.message,
        );
      reject(
        unsafe
          ? new UploadRefusedError(
              "unsafe_name",
              unsafe[2] ?? null,
              `a zip entry name "${unsafe[2]}" is refused: ${unsafe[1] === "invalid characters in fileName" ? "it holds a backslash (a Windows path)" : unsafe[1] === "absolute path" ? "it is an absolute path" : "it holds a relative path (..)"}; send the files themselves, with plain names`,
            )
          : new UploadRefusedError("bad_zip", null, `the zip file is damaged: ${error.message}`),
      );
    };
    zip.once("entry", onEntry);
    zip.once("end", onEnd);
    zip.once("error", onError);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry, where: string): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) =>
      error || !stream
        ? reject(
            new UploadRefusedError(
              "bad_zip",
              where,
              `${where} could not be read: ${error?.message ?? "unknown error"}`,
            ),
          )
        : resolve(stream),
    ),
  );
}
