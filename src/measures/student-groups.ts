import { RACE_GROUPS, type StudentGroup } from "../domain/codes.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { sqlStrings } from "./sql-text.ts";

/** How each non-ALL reporting group is read from the students table. */
const MEMBERSHIP: Partial<Record<StudentGroup, string>> = {
  EL: "el_status = 'EL'",
  RFEP: "el_status = 'RFEP'",
  SED: "sed",
  SWD: "swd",
  FOS: "foster",
  HOM: "homeless",
};

/**
 * Student-group membership for one school year: a SELECT of
 * `(district_code, student_id, student_group)` with one row per student and non-ALL reporting
 * group of the framework, read from that district's students table (characteristics as of census
 * day). Race code NR belongs to no race group. ALL is not listed here: measures add it for every
 * student row themselves, so a student counts in ALL even without group data.
 */
export function studentGroupsSql(framework: Framework, year: number): string {
  const groups = framework.student_groups.reporting.filter((g) => g !== "ALL");
  const races = groups.filter((g) => (RACE_GROUPS as readonly string[]).includes(g));
  const selects: string[] = [];
  if (races.length > 0)
    selects.push(
      `SELECT district_code, student_id, race_ethnicity AS student_group FROM students WHERE year = ${year} AND race_ethnicity IN ${sqlStrings(races)}`,
    );
  for (const group of groups) {
    const condition = MEMBERSHIP[group];
    if (condition)
      selects.push(
        `SELECT district_code, student_id, '${group}' AS student_group FROM students WHERE year = ${year} AND ${condition}`,
      );
  }
  if (selects.length === 0)
    return "SELECT NULL::VARCHAR AS district_code, NULL::VARCHAR AS student_id, NULL::VARCHAR AS student_group WHERE false";
  return selects.join("\nUNION ALL\n");
}

/**
 * The same membership as {@link studentGroupsSql}, one row per student of the year:
 * `(district_code, student_id, groups)` where `groups` is the list of the student's non-ALL
 * reporting groups (possibly empty). Built once per run by computeMeasures into
 * {@link STUDENT_GROUPS_TABLE}, so that measures join one row per student instead of re-reading
 * the students table once per group.
 */
export function studentGroupListsSql(framework: Framework, year: number): string {
  const groups = framework.student_groups.reporting.filter((g) => g !== "ALL");
  const races = groups.filter((g) => (RACE_GROUPS as readonly string[]).includes(g));
  const members: string[] = [];
  if (races.length > 0)
    members.push(`CASE WHEN race_ethnicity IN ${sqlStrings(races)} THEN race_ethnicity END`);
  for (const group of groups) {
    const condition = MEMBERSHIP[group];
    if (condition) members.push(`CASE WHEN ${condition} THEN '${group}' END`);
  }
  const list =
    members.length === 0
      ? "[]::VARCHAR[]"
      : `list_filter([${members.join(", ")}]::VARCHAR[], g -> g IS NOT NULL)`;
  return `SELECT district_code, student_id, ${list} AS groups FROM students WHERE year = ${year}`;
}

/** The temporary table of {@link studentGroupListsSql} that measures read during a run. */
export const STUDENT_GROUPS_TABLE = "measure_student_groups";
