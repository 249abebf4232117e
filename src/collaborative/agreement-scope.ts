import { INPUT_TABLES } from "../domain/input-format.ts";

/** What a data-sharing agreement covers: school years (inclusive) and input tables (empty: all). */
export interface AgreementScope {
  readonly firstYear: number;
  readonly lastYear: number;
  readonly dataKinds: readonly string[];
}

/** A scope that cannot be read; the message names the bad part. */
export class AgreementScopeError extends Error {
  constructor(
    readonly value: string,
    detail: string,
  ) {
    super(`invalid agreement scope "${value}": ${detail}`);
    this.name = "AgreementScopeError";
  }
}

/**
 * Reads a scope written `YYYY-YYYY` (school years, spring) or `YYYY-YYYY:table,table` (only those
 * input tables, named as in the input format, e.g. `schools,students,enrollments`).
 */
export function parseAgreementScope(text: string): AgreementScope {
  const [years = "", kinds] = text.trim().split(":", 2);
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(years.trim());
  if (!m) throw new AgreementScopeError(text, `"${years}" is not a school year range YYYY-YYYY`);
  const firstYear = Number(m[1]);
  const lastYear = Number(m[2] ?? m[1]);
  if (lastYear < firstYear)
    throw new AgreementScopeError(text, `${lastYear} is before ${firstYear}`);
  const known = new Set(INPUT_TABLES.map((t) => t.table));
  const dataKinds =
    kinds === undefined
      ? []
      : kinds
          .split(",")
          .map((k) => k.trim())
          .filter((k) => k !== "");
  for (const k of dataKinds)
    if (!known.has(k))
      throw new AgreementScopeError(
        text,
        `"${k}" is not an input table (expected one of ${[...known].join(", ")})`,
      );
  return { firstYear, lastYear, dataKinds: [...new Set(dataKinds)].sort() };
}
