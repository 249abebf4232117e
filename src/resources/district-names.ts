import type { Warehouse } from "../warehouse/warehouse.ts";

/** Every district's name as its latest submitted year gives it, by district code. */
export async function readDistrictNames(warehouse: Warehouse): Promise<Map<string, string>> {
  const rows = await warehouse.all<{ district_code: string; district_name: string }>(
    `SELECT district_code, arg_max(district_name, year) AS district_name
     FROM schools GROUP BY district_code`,
  );
  return new Map(rows.map((r) => [r.district_code, r.district_name]));
}
