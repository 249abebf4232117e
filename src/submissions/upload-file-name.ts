import { UploadRefusedError } from "./upload-refused-error.ts";

/**
 * The name a file of an upload is stored under, checked: a plain file name, no folder. `name` is
 * a browser's file name or a zip entry's path; a zip may hold its files in folders (`2025/x.csv`
 * is stored as `x.csv`), but never a path that climbs out (`..`), starts at a root (`/x`, `C:`),
 * or uses backslashes (a Windows path some unzip tools follow).
 */
export function uploadFileName(name: string, where: string): string {
  const parts = safePathParts(name, where);
  const base = parts.at(-1) ?? "";
  if (base.length === 0) refuse(name, where, "it names a folder");
  if (base.length > 200) refuse(name, where, "the name is longer than 200 characters");
  return base;
}

/** The `/`-separated parts of `name`, refused when it climbs out, starts at a root or uses `\\`. */
export function safePathParts(name: string, where: string): string[] {
  if (name.length === 0) refuse(name, where, "the name is empty");
  if (name.includes("\\")) refuse(name, where, "it holds a backslash (a Windows path)");
  if (name.includes("\u0000")) refuse(name, where, "it holds a NUL character");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name))
    refuse(name, where, "it is an absolute path");
  const parts = name.split("/");
  if (parts.some((p) => p === ".." || p === "."))
    refuse(name, where, "it holds a relative path (.. or .)");
  return parts;
}

function refuse(name: string, where: string, why: string): never {
  throw new UploadRefusedError(
    "unsafe_name",
    name,
    `${where} "${name}" is refused: ${why}; send the files themselves, with plain names`,
  );
}
