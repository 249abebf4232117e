import type { Principal } from "./principal.ts";

/**
 * Whether `who` sees a district's local measures in its district view: that district's own
 * admins and the hub. (On a school's report they are shown to whoever may read the report,
 * labelled as the district's own.)
 */
export function seesLocalMeasures(who: Principal, district: string): boolean {
  return (
    who.role === "hub_admin" || (who.role === "district_admin" && who.districtCode === district)
  );
}
