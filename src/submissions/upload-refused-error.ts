/**
 * Why an upload was refused before validation: `too_large` (a size limit), `zip_bomb`
 * (declared or actual uncompressed size or ratio), `unsafe_name` (a path in a file or zip entry
 * name), `bad_zip` (not a readable zip, encrypted), `bad_upload` (no files, two of one name,
 * more files than allowed). Nothing of a refused upload reaches the warehouse.
 */
export type UploadRefusal = "too_large" | "zip_bomb" | "unsafe_name" | "bad_zip" | "bad_upload";

/** A refused upload: the message names the file and the limit or the bad value. */
export class UploadRefusedError extends Error {
  constructor(
    readonly refusal: UploadRefusal,
    readonly file: string | null,
    message: string,
  ) {
    super(message);
    this.name = "UploadRefusedError";
  }
}
