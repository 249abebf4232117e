import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { readerScope, readerSeesCellsOf } from "../../disclosure/hidden-cells.ts";
import { hiddenCutoffs, unseenWithheldKey } from "../../disclosure/hidden-cutoffs.ts";
import { withheldIndexes } from "../../disclosure/withheld-indexes.ts";
import { LruCache } from "../../results/lru-cache.ts";
import { loadRunReportData, schoolReportData } from "../../results/run-report-data.ts";
import { RunStore } from "../../results/run-store.ts";
import { assembleSchoolReport } from "../../results/school-report.ts";
import { NotFoundError } from "../http-errors.ts";
import {
  ERRORS,
  GROUP_CELL,
  INDEX_SCORE_SUPPRESSED,
  INT,
  NUM,
  RUN_SCHOOL_PARAMS,
  STR,
} from "../route-schemas.ts";
import { runRow, runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

const MEASURE = {
  type: "object",
  required: [
    "metric",
    "label",
    "value",
    "n",
    "suppressed",
    "level",
    "band",
    "change_needed",
    "prior_value",
    "change",
    "groups",
    "growth",
    "trend",
  ],
  additionalProperties: false,
  properties: {
    metric: { type: "string" },
    label: { type: "string" },
    direction: STR,
    value: NUM,
    n: INT,
    suppressed: { type: "boolean" },
    level: INT,
    band: STR,
    change_needed: { type: "array", items: NUM },
    prior_value: NUM,
    change: NUM,
    groups: { type: "array", items: GROUP_CELL },
    growth: {
      type: ["array", "null"],
      items: {
        type: "object",
        required: ["student_group", "suppressed"],
        additionalProperties: false,
        properties: {
          student_group: { type: "string" },
          n: INT,
          growth_score: NUM,
          effect: NUM,
          ci_low: NUM,
          ci_high: NUM,
          level: INT,
          suppressed: { type: "boolean" },
        },
      },
    },
    trend: {
      type: "array",
      items: {
        type: "object",
        required: ["year", "run_id", "value", "suppressed"],
        additionalProperties: false,
        properties: {
          year: { type: "integer" },
          run_id: { type: "string" },
          value: NUM,
          suppressed: { type: "boolean" },
        },
      },
    },
  },
} as const;

export const SCHOOL_REPORT = {
  type: "object",
  required: ["run", "school", "suppressed_for_reader", "levels"],
  additionalProperties: false,
  properties: {
    run: {
      type: "object",
      required: ["run_id", "year", "framework_id"],
      additionalProperties: false,
      properties: {
        run_id: { type: "string" },
        year: { type: "integer" },
        framework_id: { type: "string" },
      },
    },
    school: {
      type: "object",
      required: ["school_code", "school_name", "district_code", "school_levels"],
      additionalProperties: false,
      properties: {
        school_code: { type: "string" },
        school_name: { type: "string" },
        district_code: { type: "string" },
        district_name: { type: "string" },
        year: { type: "integer" },
        school_levels: { type: "array", items: { type: "string" } },
        title_i: { type: "boolean" },
        charter: { type: "boolean" },
      },
    },
    suppressed_for_reader: { type: "boolean" },
    levels: {
      type: "array",
      items: {
        type: "object",
        required: [
          "school_level",
          "index_score",
          "index_score_suppressed",
          "index_level",
          "tier",
          "measures",
        ],
        additionalProperties: false,
        properties: {
          school_level: { type: "string" },
          index_score: NUM,
          index_score_suppressed: INDEX_SCORE_SUPPRESSED,
          index_level: INT,
          index_band: STR,
          tier: STR,
          reason: STR,
          exit_status: STR,
          measures: { type: "array", items: MEASURE },
        },
      },
    },
  },
} as const;

/**
 * The school report of a run. Runs are immutable, so two caches sit in front of DuckDB: each
 * run's report data for every school, read in one pass of SQL the first time the run is asked
 * for; and the most recently served reports, serialized, keyed by run, school and whether the
 * reader gets small cells suppressed — the access hook decides that for every request, so a
 * reader allowed the unsuppressed view never shares an entry with one who is not — and the
 * withheld indexes of other schools the reader does not see (a quoted cut-off may be one of them).
 */
export function registerSchoolReportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const store = new RunStore(
    (run) => ctx.read(() => loadRunReportData(ctx.warehouse, run)),
    ctx.options.reportRunsKept ?? 4,
  );
  const cache = new LruCache<string, string>(ctx.options.reportCacheSize ?? 2000);
  // Per run and reader scope: the digest of the withheld schools the reader does not see.
  const scopes = new LruCache<string, string>(1000);
  app.get<{ Params: { runId: string; schoolCode: string } }>(
    "/api/runs/:runId/schools/:schoolCode/report",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["reports"],
        params: RUN_SCHOOL_PARAMS,
        response: { 200: SCHOOL_REPORT, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { runId, schoolCode } = request.params;
      const suppress = request.access?.suppress ?? true;
      const run = await runRow(ctx, runId);
      // Both kept per run: a warm request reads neither the warehouse nor the withheld list.
      const withheld = await (ctx.withheldIndexes.get(run.run_id) ??
        ctx.read(() => withheldIndexes(ctx, run.run_id)));
      const sees = readerSeesCellsOf(request.principal);
      const scopeKey = `${run.run_id}|${readerScope(request.principal)}`;
      let scope = scopes.get(scopeKey);
      if (scope === undefined) {
        scope = createHash("sha256")
          .update(unseenWithheldKey(withheld.figures, sees))
          .digest("base64url");
        scopes.set(scopeKey, scope);
      }
      const key = `${runId}|${schoolCode}|${suppress}|${scope}`;
      let body = cache.get(key);
      if (body === undefined) {
        const data = schoolReportData(await store.get(run), schoolCode);
        if (!data) throw new NotFoundError("school", schoolCode);
        const cutoff = hiddenCutoffs(withheld.figures, sees);
        const report = assembleSchoolReport(ctx.framework, run, data, suppress, cutoff);
        body = String(reply.serializeInput(report, "200"));
        if (cache.size > 0) cache.set(key, body);
      }
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );
}
