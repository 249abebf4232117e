/**
 * What an upload may hold. Anything past a limit is refused while it streams (the rest is not
 * written) and the submission changes nothing.
 */
export interface UploadLimits {
  /** Bytes of one CSV file, or of one zip entry once uncompressed. */
  readonly maxFileBytes: number;
  /** Bytes of the whole upload: the CSV files plus every zip entry uncompressed. */
  readonly maxTotalBytes: number;
  /** Bytes of one zip file as sent (compressed). */
  readonly maxZipBytes: number;
  /** Uncompressed bytes per compressed byte of a zip entry beyond which it is taken for a zip bomb. */
  readonly maxZipRatio: number;
  /** Files in one upload (CSV files, or entries of the zip). */
  readonly maxFiles: number;
}

/**
 * Defaults sized for the largest district of the 1.2M-student network (about 600,000 students:
 * its largest file, attendance periods, is about 250 MB; the whole year about 700 MB). CSV
 * compresses about 5-10×; 100× is far beyond any real export and well within a bomb.
 */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 1024 ** 3,
  maxTotalBytes: 4 * 1024 ** 3,
  maxZipBytes: 1024 ** 3,
  maxZipRatio: 100,
  maxFiles: 40,
};

/** The defaults with `overrides` applied. */
export function uploadLimits(overrides: Partial<UploadLimits> = {}): UploadLimits {
  return { ...DEFAULT_UPLOAD_LIMITS, ...overrides };
}
