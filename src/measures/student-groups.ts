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

/** The framework's non-ALL reporting groups that membership rules define, in reporting order. */
function memberGroups(framework: Framework): string[] {
  return framework.student_groups.reporting.filter(
    (g) =>
      g !== "ALL" &&
      ((RACE_GROUPS as readonly string[]).includes(g) || MEMBERSHIP[g] !== undefined),
  );
}

/**
 * The same membership as {@link studentGroupsSql}, one row per student of the year:
 * `(district_code, student_id, groups, group_set)` where `groups` is the list of the student's
 * non-ALL reporting groups (possibly empty) and `group_set` the same set as a bit mask (bit i =
 * the i-th group of the framework's reporting list that has a membership rule; decode it with
 * {@link groupSetListSql}). Built once per run by computeMeasures into
 * {@link STUDENT_GROUPS_TABLE}, so that measures join one row per student instead of re-reading
 * the students table once per group, and can aggregate per set before splitting by group.
 */
export function studentGroupListsSql(framework: Framework, year: number): string {
  const groups = memberGroups(framework);
  const races = groups.filter((g) => (RACE_GROUPS as readonly string[]).includes(g));
  const members: string[] = [];
  const bits: string[] = [];
  if (races.length > 0) {
    members.push(`CASE WHEN race_ethnicity IN ${sqlStrings(races)} THEN race_ethnicity END`);
    bits.push(
      `CASE race_ethnicity ${races.map((r) => `WHEN '${r}' THEN ${2 ** groups.indexOf(r)}`).join(" ")} ELSE 0 END`,
    );
  }
  for (const group of groups) {
    const condition = MEMBERSHIP[group as StudentGroup];
    if (condition) {
      members.push(`CASE WHEN ${condition} THEN '${group}' END`);
      bits.push(`CASE WHEN ${condition} THEN ${2 ** groups.indexOf(group)} ELSE 0 END`);
    }
  }
  const list =
    members.length === 0
      ? "[]::VARCHAR[]"
      : `list_filter([${members.join(", ")}]::VARCHAR[], g -> g IS NOT NULL)`;
  const mask = bits.length === 0 ? "0" : bits.join(" + ");
  return `SELECT district_code, student_id, ${list} AS groups, (${mask})::BIGINT AS group_set
FROM students WHERE year = ${year}`;
}

/**
 * The list of group names of a `group_set` bit mask (see {@link studentGroupListsSql}) held in
 * the SQL expression `column`; NULL (no student record) gives the empty list.
 */
export function groupSetListSql(framework: Framework, column: string): string {
  const groups = memberGroups(framework);
  if (groups.length === 0) return "[]::VARCHAR[]";
  return `list_filter([${groups
    .map((g, i) => `CASE WHEN (${column} >> ${i}) & 1 = 1 THEN '${g}' END`)
    .join(", ")}]::VARCHAR[], g -> g IS NOT NULL)`;
}

/** The temporary table of {@link studentGroupListsSql} that measures read during a run. */
export const STUDENT_GROUPS_TABLE = "measure_student_groups";
