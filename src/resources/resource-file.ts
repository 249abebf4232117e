import { createHash } from "node:crypto";
import type { VersionContent } from "./resource-repository.ts";

/** The largest file a version may hold unless the server is told otherwise: 10 MiB. */
export const DEFAULT_RESOURCE_MAX_BYTES = 10 * 1024 * 1024;

/** A file refused, with the HTTP status that says why (413 too large, 415 content, 400 name). */
export class ResourceFileError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ResourceFileError";
  }
}

/** Office Open XML formats are zip files; the extension says which. */
const OFFICE: Readonly<Record<string, string>> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

const TEXT: Readonly<Record<string, string>> = {
  csv: "text/csv",
  md: "text/markdown",
};

/** Content that would run or render in a browser if served as what it is: never served as such. */
export const MARKUP_TYPE = "text/html";

const starts = (b: Uint8Array, ...sig: number[]) => sig.every((x, i) => b[i] === x);

/**
 * Checks a file's name: a plain name (no folder, no `..`, no control characters, at most 200
 * characters) with an extension. @throws ResourceFileError naming the value.
 */
export function checkFileName(name: string): string {
  const bad = (why: string) =>
    new ResourceFileError(400, "invalid_file_name", `file name ${JSON.stringify(name)}: ${why}`);
  if (name.length === 0 || name.length > 200) throw bad("expected 1 to 200 characters");
  if (/[/\\]/.test(name) || name.includes("..")) throw bad("a path is not a file name");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f\u007f"]/.test(name)) throw bad("control characters or quotes");
  if (!/^[^.].*\.[A-Za-z0-9]{1,8}$/.test(name)) throw bad("expected a name with an extension");
  return name;
}

/**
 * The content type of `bytes`, read from the bytes themselves (the browser's claim is ignored):
 * PDF, zip (Office documents by their extension), PNG, JPEG, GIF, UTF-8 text (CSV, Markdown,
 * plain). Markup (HTML, SVG, XML) is kept as {@link MARKUP_TYPE} and only ever served as a
 * download. Executables and unknown binary content are refused.
 * @throws ResourceFileError (415).
 */
export function sniffContentType(name: string, bytes: Uint8Array): string {
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  if (
    starts(bytes, 0x4d, 0x5a) || // MZ: Windows executable
    starts(bytes, 0x7f, 0x45, 0x4c, 0x46) || // ELF
    starts(bytes, 0xcf, 0xfa, 0xed, 0xfe) || // Mach-O
    starts(bytes, 0xfe, 0xed, 0xfa) ||
    starts(bytes, 0xca, 0xfe, 0xba, 0xbe) ||
    starts(bytes, 0x23, 0x21) // #! script
  ) {
    throw new ResourceFileError(
      415,
      "executable_refused",
      `file ${JSON.stringify(name)} is a program (executable content); the library shares documents only`,
    );
  }
  if (starts(bytes, 0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf";
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04)) return OFFICE[ext] ?? "application/zip";
  if (starts(bytes, 0x89, 0x50, 0x4e, 0x47)) return "image/png";
  if (starts(bytes, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(bytes, 0x47, 0x49, 0x46, 0x38)) return "image/gif";
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ResourceFileError(
      415,
      "unknown_content",
      `file ${JSON.stringify(name)}: its content is not a known document type (PDF, Office, image or UTF-8 text)`,
    );
  }
  if (text.includes("\u0000")) {
    throw new ResourceFileError(415, "unknown_content", `file ${JSON.stringify(name)}: binary`);
  }
  const head = text.slice(0, 1024).trimStart().toLowerCase();
  if (/^(<!doctype|<html|<\?xml|<svg)|<(script|iframe|object|embed)[\s>]/.test(head)) {
    return MARKUP_TYPE;
  }
  return `${TEXT[ext] ?? "text/plain"}; charset=utf-8`;
}

/** A file as a version's content, checked and typed. @throws ResourceFileError. */
export function fileContent(name: string, bytes: Uint8Array, maxBytes: number): VersionContent {
  const fileName = checkFileName(name);
  if (bytes.byteLength > maxBytes) {
    throw new ResourceFileError(
      413,
      "file_too_large",
      `file ${JSON.stringify(name)} is larger than the ${maxBytes}-byte limit`,
    );
  }
  if (bytes.byteLength === 0) {
    throw new ResourceFileError(400, "empty_file", `file ${JSON.stringify(name)} is empty`);
  }
  return {
    fileName,
    contentType: sniffContentType(fileName, bytes),
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

/** `value` percent-encoded as RFC 5987 `attr-char`s (encodeURIComponent leaves `'()*` as they are). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The headers a stored file is served with: always a download (`attachment`, with the name
 * RFC 6266-encoded), never sniffed (`nosniff`), sandboxed, and markup as opaque bytes.
 */
export function downloadHeaders(fileName: string, contentType: string): Record<string, string> {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return {
    "content-type": contentType === MARKUP_TYPE ? "application/octet-stream" : contentType,
    "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "cache-control": "private, no-cache",
  };
}
