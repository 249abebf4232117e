import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { type Discrimination, discrimination } from "./discrimination.ts";
import { fitLogistic, type LogisticFit, probabilitySql } from "./fit-logistic.ts";
import { INCOMING_FEATURES, incomingFeaturesSql } from "./incoming-features-sql.ts";
import { type LaneSettings, laneKeySql, laneRankSql } from "./lane-settings.ts";
import { type LaneMovement, laneMovement } from "./network-metrics.ts";
import type { OntrackDefinition } from "./ontrack-definition.ts";
import { ontrackStudentsSql } from "./ontrack-students-sql.ts";
import { ONTRACK_STUDENTS_DDL } from "./ontrack-students-table.ts";

/** Each incoming 9th grader's lane at the start of the year and after each grading period. */
export const ONTRACK_LANES_DDL = `CREATE TABLE IF NOT EXISTS ontrack_lanes (
  year INTEGER NOT NULL,
  definition_id VARCHAR NOT NULL,
  definition_version INTEGER NOT NULL,
  district_code VARCHAR NOT NULL,
  student_id VARCHAR NOT NULL,
  school_code VARCHAR,
  term VARCHAR NOT NULL,
  probability DOUBLE NOT NULL,
  lane_rank INTEGER NOT NULL,
  lane VARCHAR NOT NULL,
  PRIMARY KEY (year, definition_id, definition_version, district_code, student_id, term)
)`;

/**
 * The lanes' models' ridge penalty: what a school knows after a grading period can all but
 * decide the year-end outcome (a student behind on credits after S1 rarely catches up), which
 * leaves plain maximum likelihood without a finite answer; a small penalty keeps it finite and
 * barely moves the probabilities where the data are informative.
 */
export const LANE_MODEL_RIDGE = 1;

/** What one school year's on-track computation found, network-wide. */
export interface OntrackSummary {
  readonly year: number;
  readonly definition: { readonly id: string; readonly version: number };
  /** Per grading period: 9th graders followed and on track (null: the definition has no rules). */
  readonly periods: readonly {
    readonly term: string;
    readonly periodEnd: string;
    readonly students: number;
    readonly onTrack: number | null;
    readonly flagged: number;
  }[];
  /** The lanes' model, fitted on the previous year's 9th graders (null: no earlier cohort). */
  readonly model: LogisticFit | null;
  /** How the model ranks this year's cohort where its year-end outcome is known. */
  readonly heldOut: Discrimination | null;
  readonly movement: LaneMovement | null;
}

/** The columns of a cohort's year-end outcome: on track at its last grading period. */
const yearEndOutcomeSql = (d: OntrackDefinition, year: number) => `SELECT district_code, student_id,
    arg_max(on_track, period_end)::INTEGER AS on_track, arg_max(school_code, period_end) AS school_code
  FROM ontrack_students
  WHERE year = ${year} AND definition_id = ${sqlString(d.id)} AND definition_version = ${d.version}
    AND on_track IS NOT NULL
  GROUP BY ALL`;

/**
 * The 9th-grade on-track network's year `year` under `definition` (which must have on-track
 * rules for lanes): every 9th grader's standing per grading period (`ontrack_students`, for
 * `year` and, to train on, `year − 1`); the lanes' model fitted on last year's cohort (8th-grade
 * features → on track at the end of 9th grade), checked on this year's cohort where its
 * year-end outcome is known; each incoming 9th grader's lane at the start (`term` 'START') in
 * `ontrack_lanes`; and the network's movement: the start lane against the lane from the model
 * refitted on 8th-grade features plus everything known at the latest grading period before the
 * year's last (at the last, the outcome is no longer a prediction). All in DuckDB.
 */
export async function computeOntrack(
  warehouse: Warehouse,
  input: { year: number; definition: OntrackDefinition; lanes: LaneSettings },
  progress: (message: string) => void = () => {},
): Promise<OntrackSummary> {
  const { year, definition: d, lanes } = input;
  await warehouse.run(ONTRACK_STUDENTS_DDL);
  await warehouse.run(ONTRACK_LANES_DDL);
  for (const y of [year - 1, year]) {
    progress(`standing of ${y}'s 9th graders per grading period`);
    for (const sql of ontrackStudentsSql(d, y)) await warehouse.run(sql);
  }
  const periods = await warehouse.all<{
    term: string;
    period_end: string;
    students: number;
    on_track_n: number;
    no_rules: boolean;
    flagged: number;
  }>(
    `SELECT term, strftime(period_end, '%Y-%m-%d') AS period_end, count(*)::INTEGER AS students,
       (count(*) FILTER (WHERE on_track))::INTEGER AS on_track_n, bool_and(on_track IS NULL) AS no_rules,
       (count(*) FILTER (WHERE flags > 0))::INTEGER AS flagged
     FROM ontrack_students WHERE year = ${year} AND definition_id = ${sqlString(d.id)} AND definition_version = ${d.version}
     GROUP BY term, period_end ORDER BY period_end, term`,
  );
  const summaryPeriods = periods.map((r) => ({
    term: r.term,
    periodEnd: r.period_end,
    students: Number(r.students),
    onTrack: r.no_rules ? null : Number(r.on_track_n),
    flagged: Number(r.flagged),
  }));
  const hasRules = Object.keys(d.on_track).length > 0;
  const training = `(SELECT f.*, o.on_track FROM (${incomingFeaturesSql(d, year - 1)}) f
    JOIN (${yearEndOutcomeSql(d, year - 1)}) o USING (district_code, student_id)) AS train`;
  const trainRows = hasRules
    ? Number((await warehouse.one<{ n: number }>(`SELECT count(*) AS n FROM ${training}`)).n)
    : 0;
  if (trainRows === 0)
    return {
      year,
      definition: { id: d.id, version: d.version },
      periods: summaryPeriods,
      model: null,
      heldOut: null,
      movement: null,
    };
  progress(`fitting the lanes' model on ${trainRows} of ${year - 1}'s 9th graders`);
  const model = await fitLogistic(
    warehouse,
    { from: training, outcome: "on_track", features: INCOMING_FEATURES },
    { ridge: LANE_MODEL_RIDGE },
  );
  const incoming = `(${incomingFeaturesSql(d, year)})`;
  const p = probabilitySql(model, INCOMING_FEATURES);
  const rank = laneRankSql(lanes, p);
  await warehouse.run(
    `DELETE FROM ontrack_lanes WHERE year = ${year} AND definition_id = ${sqlString(d.id)} AND definition_version = ${d.version}`,
  );
  // The incoming 9th graders: this year's followed students with last year's 8th-grade record.
  await warehouse.run(
    `INSERT INTO ontrack_lanes
     SELECT ${year}, ${sqlString(d.id)}, ${d.version}, f.district_code, f.student_id, s.school_code, 'START',
       ${p}, ${rank}, ${laneKeySql(lanes, rank)}
     FROM ${incoming} f
     JOIN (SELECT district_code, student_id, arg_min(school_code, period_end) AS school_code
           FROM ontrack_students WHERE year = ${year} AND definition_id = ${sqlString(d.id)} AND definition_version = ${d.version}
           GROUP BY ALL) s USING (district_code, student_id)`,
  );
  const heldOutFrom = `(SELECT f.*, o.on_track FROM ${incoming} f JOIN (${yearEndOutcomeSql(d, year)}) o USING (district_code, student_id)) AS held_out`;
  const heldOut = await discrimination(warehouse, {
    from: heldOutFrom,
    probability: p,
    outcome: "on_track",
  });
  // Now: the model refitted with what is known at the latest grading period of the year.
  // The latest grading period before the year's last: at the last one the outcome itself is
  // known (credits and failures decide it), so there is nothing left to predict.
  const latest = await warehouse.one<{ term: string | null }>(
    `WITH p AS (SELECT DISTINCT term, period_end FROM ontrack_students
       WHERE year = ${year} AND definition_id = ${sqlString(d.id)} AND definition_version = ${d.version})
     SELECT arg_max(term, period_end) AS term FROM p WHERE period_end < (SELECT max(period_end) FROM p)`,
  );
  let movement: LaneMovement | null = null;
  if (latest.term !== null) {
    const term = sqlString(latest.term);
    const nowFeatures = {
      ...INCOMING_FEATURES,
      credits_pace: "coalesce(credits_earned / nullif(credits_expected, 0), 1)",
      core_failures: "core_semester_failures",
      missed_share: "coalesce(days_absent / nullif(days_enrolled, 0), 0)",
    };
    const withPeriod = (
      y: number,
      from: string,
    ) => `(SELECT f.*, s.credits_earned, s.credits_expected,
        s.core_semester_failures, s.days_absent::DOUBLE AS days_absent, s.days_enrolled::DOUBLE AS days_enrolled, s.school_code AS now_school
      FROM ${from} f JOIN ontrack_students s ON s.district_code = f.district_code AND s.student_id = f.student_id
      WHERE s.year = ${y} AND s.definition_id = ${sqlString(d.id)} AND s.definition_version = ${d.version} AND s.term = ${term})`;
    progress(`refitting the lanes' model with what is known after ${latest.term}`);
    const nowModel = await fitLogistic(
      warehouse,
      {
        from: `(SELECT w.*, o.on_track FROM ${withPeriod(year - 1, `(${incomingFeaturesSql(d, year - 1)})`)} w
              JOIN (${yearEndOutcomeSql(d, year - 1)}) o USING (district_code, student_id)) AS train_now`,
        outcome: "on_track",
        features: nowFeatures,
      },
      { ridge: LANE_MODEL_RIDGE },
    );
    const pNow = probabilitySql(nowModel, nowFeatures);
    const rankNow = laneRankSql(lanes, pNow);
    await warehouse.run(
      `INSERT INTO ontrack_lanes
       SELECT ${year}, ${sqlString(d.id)}, ${d.version}, district_code, student_id, now_school, ${term},
         ${pNow}, ${rankNow}, ${laneKeySql(lanes, rankNow)}
       FROM ${withPeriod(year, incoming)}`,
    );
    movement = await laneMovement(
      warehouse,
      lanes,
      `(SELECT a.lane_rank AS start_rank, b.lane_rank AS now_rank FROM ontrack_lanes a
        JOIN ontrack_lanes b ON b.year = a.year AND b.definition_id = a.definition_id
          AND b.definition_version = a.definition_version AND b.district_code = a.district_code
          AND b.student_id = a.student_id AND b.term = ${term}
        WHERE a.year = ${year} AND a.definition_id = ${sqlString(d.id)} AND a.definition_version = ${d.version}
          AND a.term = 'START')`,
    );
  }
  return {
    year,
    definition: { id: d.id, version: d.version },
    periods: summaryPeriods,
    model,
    heldOut,
    movement,
  };
}
