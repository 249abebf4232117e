import { readRows } from "../warehouse/read-rows.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

const NAME_ROW = {
  type: "object",
  required: ["district_code", "district_name"],
  additionalProperties: false,
  properties: {
    district_code: { type: "string" },
    district_name: { type: "string" },
  },
} as const;

/**
 * The names of the given districts (every district's, without `codes`) from the school directory
 * (`schools`; the latest year's name of each). A district the directory lacks, or a warehouse
 * without a directory, has none.
 */
export async function readDistrictNames(
  warehouse: Warehouse,
  codes?: readonly string[],
): Promise<Map<string, string>> {
  const wanted = codes === undefined ? null : [...new Set(codes)];
  if (wanted !== null && wanted.length === 0) return new Map();
  if (Number((await warehouse.one(TABLE_EXISTS_SQL, ["schools"])).n) === 0) return new Map();
  const rows = await readRows(
    warehouse,
    "schools",
    NAME_ROW,
    `SELECT district_code, arg_max(district_name, year) AS district_name
     FROM schools ${wanted === null ? "" : `WHERE district_code IN (${wanted.map(() => "?").join(", ")})`}
     GROUP BY district_code`,
    wanted ?? [],
  );
  return new Map(rows.map((r) => [r.district_code, r.district_name]));
}
