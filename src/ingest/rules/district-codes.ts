import {
  type CheckContext,
  present,
  type SqlCheck,
  sqlString,
  stagingTable,
} from "../sql-check.ts";

/**
 * district (error): schools.csv names another district than the submission's folder, either in
 * district_code or in the first 7 digits of school_code. Other files' school codes must appear in
 * schools.csv (the reference rule), so they are covered too.
 */
export function districtChecks(ctx: CheckContext): SqlCheck[] {
  const district = sqlString(ctx.districtCode);
  const stg = stagingTable("schools");
  return [
    {
      rule: "district",
      severity: "error",
      file: "schools.csv",
      column: "district_code",
      reads: ["schools"],
      sql: `SELECT line, district_code AS value,
          format('value "{}" is not the submission''s district {}', district_code, ${district}) AS message
        FROM ${stg} WHERE ${present("district_code")} AND district_code <> ${district}`,
      scan: {
        table: "schools",
        condition: `${present("district_code")} AND district_code <> ${district}`,
      },
    },
    {
      rule: "district",
      severity: "error",
      file: "schools.csv",
      column: "school_code",
      reads: ["schools"],
      sql: `SELECT line, school_code AS value,
          format('value "{}" does not start with the submission''s district {}', school_code, ${district}) AS message
        FROM ${stg} WHERE ${present("school_code")} AND left(school_code, 7) <> ${district}`,
      scan: {
        table: "schools",
        condition: `${present("school_code")} AND left(school_code, 7) <> ${district}`,
      },
    },
  ];
}
