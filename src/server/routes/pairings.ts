import type { FastifyInstance } from "fastify";
import { HttpError } from "../http-errors.ts";
import {
  ERRORS,
  RUN_ID,
  RUN_PARAMS,
  RUN_SCHOOL_PARAMS,
  SCHOOL_CODE,
  TABLE_EXISTS_SQL,
} from "../route-schemas.ts";
import { districtOf, runResource, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

const ROWS = {
  type: "object",
  properties: { rows: { type: "array", items: { type: "object", additionalProperties: true } } },
} as const;

async function rowsOf(ctx: ServerContext, table: string, where: string, params: string[]) {
  return ctx.read(async () => {
    const exists = Number((await ctx.warehouse.one(TABLE_EXISTS_SQL, [table])).n) > 0;
    if (!exists) {
      throw new HttpError(
        404,
        "not_computed",
        `this warehouse has no ${table} yet (pairing not run)`,
      );
    }
    return ctx.warehouse.all(`SELECT * FROM ${table} WHERE ${where}`, params);
  });
}

/**
 * Pairings, communities of practice and the peer finder. They answer 404 `not_computed` until the
 * pairing stage writes its tables; routes and authorization are in place already.
 */
export function registerPairingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const runOnly = {
    resources: async (r: { params: unknown }) => [
      await runResource(ctx, (r.params as { runId: string }).runId),
      { kind: "aggregate" as const, districtCode: null },
    ],
  };
  app.get<{ Params: { runId: string } }>(
    "/api/runs/:runId/pairings",
    {
      config: { access: runOnly },
      schema: { tags: ["pairing"], params: RUN_PARAMS, response: { 200: ROWS, ...ERRORS } },
    },
    async (request) => ({
      rows: await rowsOf(ctx, "pairings", "run_id = ?", [request.params.runId]),
    }),
  );

  app.get<{ Params: { runId: string } }>(
    "/api/runs/:runId/communities",
    {
      config: { access: runOnly },
      schema: { tags: ["pairing"], params: RUN_PARAMS, response: { 200: ROWS, ...ERRORS } },
    },
    async (request) => ({
      rows: await rowsOf(ctx, "communities", "run_id = ?", [request.params.runId]),
    }),
  );

  app.get<{ Params: { runId: string; schoolCode: string } }>(
    "/api/runs/:runId/schools/:schoolCode/peers",
    {
      config: {
        access: {
          resources: async (r) => {
            const { runId, schoolCode } = r.params as { runId: string; schoolCode: string };
            return [
              await runResource(ctx, runId),
              { kind: "aggregate", districtCode: districtOf(schoolCode), schoolCode },
            ];
          },
        },
      },
      schema: { tags: ["pairing"], params: RUN_SCHOOL_PARAMS, response: { 200: ROWS, ...ERRORS } },
    },
    async (request) => ({
      rows: await rowsOf(ctx, "peers", "run_id = ? AND school_code = ?", [
        request.params.runId,
        request.params.schoolCode,
      ]),
    }),
  );

  app.post<{
    Params: { runId: string };
    Body: { school_code: string; partner_code: string | null; reason: string };
  }>(
    "/api/runs/:runId/pairings/overrides",
    {
      config: { access: { resources: () => [{ kind: "pairing_override" }] } },
      schema: {
        tags: ["pairing"],
        params: { type: "object", required: ["runId"], properties: { runId: RUN_ID } },
        body: {
          type: "object",
          required: ["school_code", "partner_code", "reason"],
          properties: {
            school_code: SCHOOL_CODE,
            partner_code: { anyOf: [SCHOOL_CODE, { type: "null" }] },
            reason: { type: "string", minLength: 1, maxLength: 2000 },
          },
          additionalProperties: false,
        },
        response: {
          201: {
            type: "object",
            properties: {
              id: { type: "integer" },
              run_id: { type: "string" },
              school_code: { type: "string" },
              partner_code: { type: ["string", "null"] },
            },
          },
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      await runRow(ctx, request.params.runId);
      const o = await ctx.pairingOverrides.add({
        runId: request.params.runId,
        schoolCode: request.body.school_code,
        partnerCode: request.body.partner_code,
        reason: request.body.reason,
        byUser: request.principal.userId!,
      });
      reply.status(201);
      return { id: o.id, run_id: o.runId, school_code: o.schoolCode, partner_code: o.partnerCode };
    },
  );
}
