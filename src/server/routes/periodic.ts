import type { FastifyInstance, FastifyRequest } from "fastify";
import { canAccess, type Resource } from "../../access/access-policy.ts";
import {
  PERIODIC_MEASURES,
  type PeriodicMeasureInfo,
  periodicMeasure,
} from "../../measures/periodic-results-table.ts";
import {
  ERRORS,
  METRIC,
  RUN_ID,
  SCHOOL_CODE,
  SCHOOL_LEVEL,
  SCHOOL_PARAMS,
} from "../../results/api-schemas.ts";
import { LruCache } from "../../results/lru-cache.ts";
import {
  type PeriodicChartQuery,
  PeriodicChartQueryError,
  periodicChart,
} from "../../results/periodic-chart.ts";
import {
  ANNOTATION,
  PERIODIC_CATALOG,
  PERIODIC_CHART,
  PERIODIC_SERIES,
  type PeriodicPoint,
} from "../../results/periodic-schema.ts";
import { readPeriodicRows, shownPeriodicSeries } from "../../results/periodic-series.ts";
import { schoolExists } from "../../results/school-directory.ts";
import type { Annotation } from "../../workspace/annotation-repository.ts";
import { WorkspaceInputError } from "../../workspace/workspace-errors.ts";
import { BadRequestError, ForbiddenError, NotFoundError } from "../http-errors.ts";
import { districtOf, runRow, runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

const SERIES_PARAMS = {
  type: "object",
  required: ["runId", "schoolCode", "measure"],
  properties: { runId: RUN_ID, schoolCode: SCHOOL_CODE, measure: METRIC },
  additionalProperties: false,
} as const;

const SERIES_QUERY = {
  level: { ...SCHOOL_LEVEL, description: "default: the school's first level with the measure" },
  group: {
    type: "string",
    pattern: "^[A-Za-z0-9_]{1,20}$",
    description: "student group (default ALL)",
  },
} as const;

interface SeriesParams {
  runId: string;
  schoolCode: string;
  measure: string;
}
interface SeriesQuery {
  level?: string;
  group?: string;
}
interface ChartQuery extends SeriesQuery {
  chart?: "control" | "run" | "seasonal";
  baseline?: number;
  parts?: string;
  rules?: "ihi" | "anhoej";
  laney?: boolean;
}

/** The measure's description as the API gives it. */
function measureBody(info: PeriodicMeasureInfo) {
  return {
    measure: info.id,
    label: info.label,
    unit: info.unit,
    chart: info.chart,
    denominator_kind: info.denominatorKind,
    period: info.period,
    direction: info.direction,
  };
}

function annotationBody(a: Annotation) {
  return {
    id: a.id,
    school_code: a.schoolCode,
    school_level: a.schoolLevel,
    measure: a.measure,
    note_date: a.noteDate,
    text: a.text,
    author: a.author,
    created_at: a.createdAt.toISOString(),
  };
}

/** The policy resource of a school's annotations. */
function annotationsOf(schoolCode: string): Resource {
  return { kind: "annotation", districtCode: districtOf(schoolCode), schoolCode };
}

/**
 * Periodic (within-year) measures of a school and their run and control charts:
 * - `GET …/periodic`: which levels, measures and groups the school has in the run;
 * - `GET …/periodic/:measure`: one group's series, each period's group table through the
 *   disclosure pass for the reader (a hidden period keeps its place, with no figure);
 * - `GET …/periodic/:measure/chart`: the series with its chart, computed here from the shown
 *   points by the charts engine (monthly absence by default seasonally adjusted against the
 *   previous year of the run's chain: that year's series as the reader is shown it and the
 *   district's seasonal index), and the school's notes for readers who may see them;
 * - `POST /api/schools/:schoolCode/annotations`: a dated note, by the school's district staff or
 *   the hub, recorded in the audit log.
 * Runs are immutable: each series is read and decided once per reader form (suppressed or not)
 * and kept, and a chart served to a reader who sees no note is kept serialized.
 */
export function registerPeriodicRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const kept = new LruCache<string, Promise<Map<string, PeriodicPoint[]>>>(
    ctx.options.reportCacheSize ?? 2000,
  );
  // Serialized charts of readers who see no note, by URL and reader form (runs are immutable).
  const charts = new LruCache<string, string>(ctx.options.reportCacheSize ?? 2000);

  /** The level of a series: the one asked for, else the school's first with the measure. */
  async function levelOf(runId: string, schoolCode: string, measure: string, level?: string) {
    if (level) return level;
    const rows = await ctx.read(() =>
      readPeriodicRows(ctx.warehouse, runId, schoolCode, { measure }),
    );
    const first = rows[0]?.school_level;
    if (!first) throw new NotFoundError("periodic measure", `${measure} of school ${schoolCode}`);
    return first;
  }

  /** A series' groups as the reader sees them. */
  function seriesOf(
    runId: string,
    schoolCode: string,
    level: string,
    measure: string,
    suppress: boolean,
  ) {
    const key = `${runId}|${schoolCode}|${level}|${measure}|${suppress}`;
    let hit = kept.get(key);
    if (!hit) {
      hit = ctx
        .read(() => readPeriodicRows(ctx.warehouse, runId, schoolCode, { level, measure }))
        .then((rows) => shownPeriodicSeries(rows, ctx.framework, suppress));
      kept.set(key, hit);
      hit.catch(() => kept.delete(key));
    }
    return hit;
  }

  async function series(
    request: FastifyRequest<{ Params: SeriesParams; Querystring: SeriesQuery }>,
  ) {
    const { runId, schoolCode, measure } = request.params;
    const info = periodicMeasure(measure);
    if (!info) throw new NotFoundError("periodic measure", measure);
    const run = await runRow(ctx, runId);
    const level = await levelOf(run.run_id, schoolCode, measure, request.query.level);
    const group = request.query.group ?? "ALL";
    const groups = await seriesOf(
      run.run_id,
      schoolCode,
      level,
      measure,
      request.access?.suppress ?? true,
    );
    const points = groups.get(group);
    if (!points)
      throw new NotFoundError(
        "periodic series",
        `${measure} of ${group} at ${schoolCode} (${level})`,
      );
    return {
      run_id: run.run_id,
      school_code: schoolCode,
      school_level: level,
      student_group: group,
      measure: measureBody(info),
      points,
    };
  }

  app.get<{ Params: { runId: string; schoolCode: string } }>(
    "/api/runs/:runId/schools/:schoolCode/periodic",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["periodic"],
        summary: "the school's periodic measures in the run: levels, measures and student groups",
        params: {
          type: "object",
          required: ["runId", "schoolCode"],
          properties: { runId: RUN_ID, schoolCode: SCHOOL_CODE },
          additionalProperties: false,
        },
        response: { 200: PERIODIC_CATALOG, ...ERRORS },
      },
    },
    async (request) => {
      const { runId, schoolCode } = request.params;
      const run = await runRow(ctx, runId);
      const rows = await ctx.read(() => readPeriodicRows(ctx.warehouse, run.run_id, schoolCode));
      const levels = new Map<string, Map<string, Set<string>>>();
      for (const r of rows) {
        const measures = levels.get(r.school_level) ?? new Map<string, Set<string>>();
        levels.set(r.school_level, measures);
        const groups = measures.get(r.measure) ?? new Set<string>();
        measures.set(r.measure, groups);
        groups.add(r.student_group);
      }
      return {
        run_id: run.run_id,
        school_code: schoolCode,
        levels: [...levels].map(([school_level, measures]) => ({
          school_level,
          measures: PERIODIC_MEASURES.filter((m) => measures.has(m.id)).map((m) => ({
            ...measureBody(m),
            groups: [...measures.get(m.id)!].sort((a, b) =>
              a === "ALL" ? -1 : b === "ALL" ? 1 : a.localeCompare(b),
            ),
          })),
        })),
      };
    },
  );

  app.get<{ Params: SeriesParams; Querystring: SeriesQuery }>(
    "/api/runs/:runId/schools/:schoolCode/periodic/:measure",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["periodic"],
        summary: "one student group's periodic series, disclosed for the reader",
        params: SERIES_PARAMS,
        querystring: { type: "object", properties: SERIES_QUERY, additionalProperties: false },
        response: { 200: PERIODIC_SERIES, ...ERRORS },
      },
    },
    series,
  );

  app.get<{ Params: SeriesParams; Querystring: ChartQuery }>(
    "/api/runs/:runId/schools/:schoolCode/periodic/:measure/chart",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["periodic"],
        summary:
          "one student group's periodic series with its run or control chart (centre line, limits, signals) and the school's notes",
        params: SERIES_PARAMS,
        querystring: {
          type: "object",
          properties: {
            ...SERIES_QUERY,
            chart: {
              type: "string",
              enum: ["control", "run", "seasonal"],
              description:
                "seasonal (the default of monthly absence when the run's chain has the previous year and no parts are asked): this year's months seasonally adjusted by the district's previous year, centre line from the first months of the year, limits from the previous year's month-to-month variation (docs/charts.md); control (the default otherwise): p-chart for a share, u-chart for a count per unit, by the measure's denominator; run: a run chart of the values",
            },
            baseline: {
              type: "integer",
              minimum: 1,
              maximum: 60,
              description:
                "the first N points of each part set its centre line and limits (seasonal chart: the first N months set the year's level, default 3)",
            },
            parts: {
              type: "string",
              pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}(,[0-9]{4}-[0-9]{2}-[0-9]{2}){0,11}$",
              description:
                "comma-separated first days of periods where a known change starts a new part",
            },
            rules: { type: "string", enum: ["ihi", "anhoej"], description: "run chart rules" },
            laney: {
              type: "boolean",
              description: "Laney's p′/u′ limits (default true, see docs/charts.md)",
            },
          },
          additionalProperties: false,
        },
        response: { 200: PERIODIC_CHART, ...ERRORS },
      },
    },
    async (request, reply) => {
      // A reader who sees no note gets the same bytes as every such reader of the same form.
      const notes = canAccess(request.principal, annotationsOf(request.params.schoolCode)).allowed;
      const key = notes ? null : `${request.url}|${request.access?.suppress ?? true}`;
      const hit = key === null ? undefined : charts.get(key);
      if (hit !== undefined) return reply.type("application/json; charset=utf-8").send(hit);
      const body = await series(request);
      const q = request.query;
      const query: PeriodicChartQuery = {
        ...(q.chart ? { chart: q.chart } : {}),
        ...(q.baseline !== undefined ? { baseline: q.baseline } : {}),
        ...(q.parts ? { parts: q.parts.split(",") } : {}),
        ...(q.rules ? { rules: q.rules } : {}),
        ...(q.laney !== undefined ? { laney: q.laney } : {}),
      };
      const info = periodicMeasure(body.measure.measure)!;
      const wantsSeasonal = q.chart === "seasonal" || (q.chart === undefined && info.seasonal);
      const seasonal = wantsSeasonal
        ? await ctx.seasonal.of(await runRow(ctx, body.run_id), {
            districtCode: districtOf(body.school_code),
            schoolCode: body.school_code,
            level: body.school_level,
            measure: info.id,
            group: body.student_group,
            suppress: request.access?.suppress ?? true,
          })
        : null;
      let computed: ReturnType<typeof periodicChart>;
      try {
        computed = periodicChart(body.points, info, query, seasonal ?? undefined);
      } catch (error) {
        if (error instanceof PeriodicChartQueryError) throw new BadRequestError(error.message);
        throw error;
      }
      const annotations = notes
        ? await ctx.annotations.list({
            schoolCode: body.school_code,
            schoolLevel: body.school_level,
            measure: body.measure.measure,
            ...(body.points[0] ? { from: body.points[0].period_start } : {}),
            ...(body.points.at(-1) ? { to: body.points.at(-1)!.period_end } : {}),
          })
        : [];
      const serialized = String(
        reply.serializeInput(
          {
            ...body,
            chart: computed.chart,
            chart_note: computed.note,
            annotations: annotations.map(annotationBody),
            annotations_shown: notes,
            may_annotate: notes && request.principal.userId !== null,
          },
          "200",
        ),
      );
      if (key !== null && charts.size > 0) charts.set(key, serialized);
      return reply.type("application/json; charset=utf-8").send(serialized);
    },
  );

  app.post<{
    Params: { schoolCode: string };
    Body: { note_date: string; text: string; school_level?: string; measure?: string };
  }>(
    "/api/schools/:schoolCode/annotations",
    {
      config: {
        access: {
          resources: (r) => [annotationsOf((r.params as { schoolCode: string }).schoolCode)],
        },
      },
      schema: {
        tags: ["periodic"],
        summary:
          "add a dated note to the school's periodic charts (its district's staff and the hub; audited)",
        params: SCHOOL_PARAMS,
        body: {
          type: "object",
          required: ["note_date", "text"],
          properties: {
            note_date: { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
            text: { type: "string", minLength: 1, maxLength: 500 },
            school_level: { ...SCHOOL_LEVEL, description: "omit: every level of the school" },
            measure: { ...METRIC, description: "omit: every periodic measure" },
          },
          additionalProperties: false,
        },
        response: { 201: ANNOTATION, ...ERRORS },
      },
    },
    async (request, reply) => {
      const who = request.principal;
      if (who.userId === null) throw new ForbiddenError("an annotation needs an account");
      const { schoolCode } = request.params;
      const b = request.body;
      if (b.measure !== undefined && !periodicMeasure(b.measure))
        throw new BadRequestError(`unknown periodic measure "${b.measure}"`);
      if (!(await ctx.read(() => schoolExists(ctx.warehouse, schoolCode))))
        throw new NotFoundError("school", schoolCode);
      let added: Annotation;
      try {
        added = await ctx.annotations.add({
          schoolCode,
          schoolLevel: b.school_level ?? null,
          measure: b.measure ?? null,
          noteDate: b.note_date,
          text: b.text,
          createdBy: who.userId,
        });
      } catch (error) {
        if (error instanceof WorkspaceInputError) throw new BadRequestError(error.message);
        throw error;
      }
      await ctx.audit.record({
        userId: who.userId,
        role: who.role,
        action: "annotate",
        resource: `annotations of school ${schoolCode}`,
        districtCode: districtOf(schoolCode),
        schoolCode,
        ip: request.ip,
        outcome: "allowed",
      });
      return reply.status(201).send(annotationBody(added));
    },
  );
}
