import { readRows, selectList } from "../warehouse/read-rows.ts";
import { pickColumns, type RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { SCHOOL } from "./school-schema.ts";

/** A `schools` row as read: the API's school with its levels as stored, `;`-separated. */
export const SCHOOL_ROW = {
  ...SCHOOL,
  properties: { ...SCHOOL.properties, school_levels: { type: "string" } },
} as const;
export type SchoolRow = RowOf<typeof SCHOOL_ROW>;
export type School = RowOf<typeof SCHOOL>;

/** Which schools of the directory: by district, school level, part of the name, year. */
export interface SchoolFilter {
  readonly district?: string | undefined;
  readonly level?: string | undefined;
  /** Part of the school's name, any case. */
  readonly q?: string | undefined;
  /** The schools' rows of that year; default each school's latest. */
  readonly year?: number | undefined;
  /** One school. */
  readonly school?: string | undefined;
}

/** A school as the API shows it: its levels as a list. */
export function shownSchool(row: SchoolRow): School {
  return { ...row, school_levels: row.school_levels.split(";") };
}

/**
 * The directory: each school's latest row (or its row in `year`) that passes the filter, by
 * school code. Call inside the reader's serialized read.
 */
export async function readSchools(warehouse: Warehouse, filter: SchoolFilter): Promise<School[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.district) {
    where.push("district_code = ?");
    params.push(filter.district);
  }
  if (filter.level) {
    where.push("list_contains(string_split(school_levels, ';'), ?)");
    params.push(filter.level);
  }
  if (filter.q) {
    where.push("school_name ILIKE ?");
    params.push(`%${filter.q}%`);
  }
  if (filter.school) {
    where.push("school_code = ?");
    params.push(filter.school);
  }
  if (filter.year !== undefined) {
    where.push("year = ?");
    params.push(filter.year);
  }
  const rows = await readRows(
    warehouse,
    "schools",
    SCHOOL_ROW,
    `SELECT ${selectList(SCHOOL_ROW)}
     FROM schools ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     QUALIFY row_number() OVER (PARTITION BY school_code ORDER BY year DESC) = 1
     ORDER BY school_code`,
    params,
  );
  return rows.map(shownSchool);
}

/** One school's latest directory row, or null. Call inside the reader's serialized read. */
export async function readSchool(warehouse: Warehouse, schoolCode: string): Promise<School | null> {
  return (await readSchools(warehouse, { school: schoolCode }))[0] ?? null;
}

const SCHOOL_CODE_ROW = pickColumns(SCHOOL_ROW, ["school_code"]);

/**
 * Whether the school directory has `schoolCode` in any year. Call inside the reader's serialized
 * read.
 */
export async function schoolExists(warehouse: Warehouse, schoolCode: string): Promise<boolean> {
  const rows = await readRows(
    warehouse,
    "schools",
    SCHOOL_CODE_ROW,
    "SELECT school_code FROM schools WHERE school_code = ? LIMIT 1",
    [schoolCode],
  );
  return rows.length > 0;
}
