import { RACE_GROUPS, SCHOOL_LEVELS } from "../domain/codes.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { schoolLevelGradesSql } from "../measures/school-attribution.ts";
import { sqlString } from "../measures/sql-text.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/**
 * A school × level's context: where it is and who it serves on census day. Context variables are
 * never outcomes: pairing must not match on what selected the schools.
 */
export interface SchoolContext {
  readonly schoolCode: string;
  readonly schoolLevel: string;
  readonly schoolName: string;
  readonly districtCode: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Census-day enrollment in the level's grades. */
  readonly enrollment: number;
  /** The framework's `pairing.similarity_variables`, in that order. */
  readonly variables: readonly number[];
}

/** A similarity variable the framework names but the platform cannot compute. */
export class UnknownContextVariableError extends Error {
  constructor(readonly variable: string) {
    super(
      `unknown similarity variable "${variable}" in pairing.similarity_variables (known: ${Object.keys(VARIABLES).join(", ")})`,
    );
    this.name = "UnknownContextVariableError";
  }
}

const share = (condition: string) => `avg(CASE WHEN ${condition} THEN 1.0 ELSE 0.0 END)`;

/** How each context variable is computed over a school × level's census-day students. */
const VARIABLES: Readonly<Record<string, string>> = {
  sed_share: share("st.sed"),
  el_share: share("st.el_status = 'EL'"),
  swd_share: share("st.swd"),
  foster_share: share("st.foster"),
  homeless_share: share("st.homeless"),
  log_enrollment: "ln(count(*))",
  ...Object.fromEntries(
    RACE_GROUPS.map((r) => [`${r.toLowerCase()}_share`, share(`st.race_ethnicity = '${r}'`)]),
  ),
};

/** The SQL expression of a context variable; throws {@link UnknownContextVariableError}. */
function variableSql(variable: string): string {
  const sql = VARIABLES[variable];
  if (sql === undefined) throw new UnknownContextVariableError(variable);
  return sql;
}

/**
 * A SELECT of `(school_code, school_level, school_name, district_code, latitude, longitude,
 * enrollment, variables)` for school year `year`: census-day students of each school at each level
 * it serves (that level's grades), `variables` a DOUBLE[] in `pairing.similarity_variables` order.
 */
export function schoolContextSql(framework: Framework, year: number): string {
  const vars = framework.pairing.similarity_variables.map(variableSql);
  return `WITH lg AS (${schoolLevelGradesSql(framework, year, SCHOOL_LEVELS)}),
ctx AS (
  SELECT e.school_code, lg.school_level, count(*)::INTEGER AS enrollment,
    [${vars.join(", ")}]::DOUBLE[] AS variables
  FROM enrollments e
  JOIN lg ON lg.school_code = e.school_code AND lg.grade = e.grade
  JOIN students st ON st.district_code = e.district_code AND st.year = e.year AND st.student_id = e.student_id
  WHERE e.year = ${year} AND e.census_day
  GROUP BY e.school_code, lg.school_level
)
SELECT c.school_code, c.school_level, s.school_name, s.district_code, s.latitude, s.longitude,
  c.enrollment, c.variables
FROM ctx c JOIN schools s ON s.school_code = c.school_code AND s.year = ${year}`;
}

/** `school_context`: each school × level's context as a run saw it (the run's pairing inputs). */
export const SCHOOL_CONTEXT_DDL = `CREATE TABLE IF NOT EXISTS school_context (
  run_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  school_code VARCHAR NOT NULL,
  school_level VARCHAR NOT NULL,
  school_name VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  latitude DOUBLE NOT NULL,
  longitude DOUBLE NOT NULL,
  enrollment INTEGER NOT NULL,
  variables DOUBLE[] NOT NULL
)`;

/** Writes the run's `school_context` rows from the year's inputs. */
export async function writeSchoolContext(
  warehouse: Warehouse,
  run: { runId: string; year: number; framework: Framework },
): Promise<void> {
  await warehouse.run(
    `INSERT INTO school_context SELECT ${sqlString(run.runId)}, ${run.year}, * FROM (${schoolContextSql(run.framework, run.year)})`,
  );
}

/** A school × level's context as read (`variables` as JSON text), from `school_context` or the inputs. */
export const SCHOOL_CONTEXT_ROW = {
  type: "object",
  required: [
    "school_code",
    "school_level",
    "school_name",
    "district_code",
    "latitude",
    "longitude",
    "enrollment",
    "variables",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    school_name: { type: "string" },
    district_code: { type: "string" },
    latitude: { type: "number" },
    longitude: { type: "number" },
    enrollment: { type: "integer" },
    variables: { type: "string" },
  },
} as const;

/**
 * The contexts of `source` (`school_context` or a query with its columns), read through their
 * declared shape ({@link SCHOOL_CONTEXT_ROW}) and ordered by school code and level; `table` names
 * the source in an error.
 */
export async function readContexts(
  warehouse: Warehouse,
  table: string,
  source: string,
  where = "",
): Promise<SchoolContext[]> {
  const rows = await readRows(
    warehouse,
    table,
    SCHOOL_CONTEXT_ROW,
    `SELECT ${selectList(SCHOOL_CONTEXT_ROW, (c) => (c === "variables" ? "to_json(variables)::VARCHAR" : c))}
     FROM ${source} ${where} ORDER BY school_code, school_level`,
  );
  return rows.map((r) => ({
    schoolCode: r.school_code,
    schoolLevel: r.school_level,
    schoolName: r.school_name,
    districtCode: r.district_code,
    latitude: r.latitude,
    longitude: r.longitude,
    enrollment: r.enrollment,
    variables: JSON.parse(r.variables) as number[],
  }));
}

/** The run's saved contexts, ordered by school code and level (none for a run made before pairing). */
export function readSchoolContexts(warehouse: Warehouse, runId: string): Promise<SchoolContext[]> {
  return readContexts(
    warehouse,
    "school_context",
    "school_context",
    `WHERE run_id = ${sqlString(runId)}`,
  );
}
