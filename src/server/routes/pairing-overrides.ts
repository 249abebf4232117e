import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  type OverrideRow,
  readOverride,
  readOverrides,
} from "../../identification/pairing-override-rows.ts";
import {
  addPairingOverride,
  type OverrideKind,
  PairingOverrideError,
} from "../../identification/pairing-overrides.ts";
import { ERRORS, RUN_PARAMS, SCHOOL_CODE, SCHOOL_LEVEL, STR } from "../../results/api-schemas.ts";
import { hasExportTable } from "../../results/export-rows.ts";
import { BadRequestError, ForbiddenError, HttpError, NotComputedError } from "../http-errors.ts";
import { districtOf, runResource, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

const REASON = {
  type: "string",
  minLength: 1,
  maxLength: 2000,
  description: "why the change is made; kept with the run and shown beside the row",
} as const;

/** One recorded override (the history keeps every one; the latest per school × level wins). */
export const OVERRIDE = {
  type: "object",
  required: [
    "run_id",
    "seq",
    "kind",
    "school_code",
    "school_level",
    "target",
    "reason",
    "by",
    "at",
  ],
  properties: {
    run_id: { type: "string" },
    seq: { type: "integer", description: "order of the run's overrides" },
    kind: { type: "string", enum: ["pair", "community"] },
    school_code: { type: "string" },
    school_level: { type: "string" },
    target: { ...STR, description: "the new partner or community; null removes it" },
    reason: { type: "string" },
    by: { type: "string", description: "the hub analyst's account (email)" },
    at: { type: "string" },
    id: { type: "integer", description: "same as seq (kept for older clients)" },
    partner_code: STR,
    community_id: STR,
  },
  additionalProperties: false,
} as const;

function shown(r: OverrideRow) {
  const at = r.created_at instanceof Date ? r.created_at : new Date(`${String(r.created_at)}Z`);
  return {
    run_id: r.run_id,
    seq: r.seq,
    kind: r.kind,
    school_code: r.school_code,
    school_level: r.school_level,
    target: r.target,
    reason: r.reason,
    by: r.by_user,
    at: at.toISOString(),
    id: r.seq,
    ...(r.kind === "pair" ? { partner_code: r.target } : { community_id: r.target }),
  };
}

/** 400 for a bad value, 404 for a school the run does not pair (or group). */
function httpErrorOf(error: PairingOverrideError): HttpError {
  return error.field === "schoolCode"
    ? new HttpError(404, "not_found", error.message)
    : new BadRequestError(error.message);
}

/**
 * The hub analyst's overrides: replace (or remove) a priority school's partner, move a focus
 * school to another community (or out), each with a stated reason. Hub admins only, CSRF-checked
 * like every state change.
 *
 * Where they are kept: the warehouse's `pairing_overrides` table, beside the run — the one source
 * of truth, read by the API's pairings and communities and by `collab export` and `collab
 * override` alike (the run's own rows never change). The acting account is recorded on the row;
 * the workspace's audit log gets an `override` entry naming the user, school and run.
 */
export function registerPairingOverrideRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const hubOnly = {
    resources: async (r: FastifyRequest) => [
      await runResource(ctx, (r.params as { runId: string }).runId, r.principal),
      { kind: "pairing_override" as const },
    ],
  };

  async function record(
    request: FastifyRequest,
    input: { runId: string; kind: OverrideKind; school: string; level?: string },
    target: string | null,
    reason: string,
  ) {
    const run = await runRow(ctx, input.runId);
    const who = request.principal;
    if (who.userId === null) throw new ForbiddenError("an override needs an account");
    const user = await ctx.users.findById(who.userId);
    const by = user?.email ?? `user ${who.userId}`;
    if (reason.trim() === "") {
      throw new BadRequestError(`an override of school "${input.school}" needs a reason`);
    }
    const row = await ctx.write(async () => {
      const table = input.kind === "pair" ? "pairings" : "communities";
      if (!(await hasExportTable(ctx.warehouse, table)))
        throw new NotComputedError(table, "pairing");
      try {
        const { seq } = await addPairingOverride(ctx.warehouse, {
          runId: run.run_id,
          kind: input.kind,
          schoolCode: input.school,
          ...(input.level ? { schoolLevel: input.level } : {}),
          target,
          reason,
          by,
          at: ctx.clock(),
        });
        return readOverride(ctx.warehouse, run.run_id, seq);
      } catch (error) {
        if (error instanceof PairingOverrideError) throw httpErrorOf(error);
        throw error;
      }
    });
    await ctx.audit.record({
      userId: who.userId,
      role: who.role,
      action: "override",
      resource: `${input.kind === "pair" ? "pairings" : "communities"} of run ${run.run_id}`,
      districtCode: districtOf(input.school),
      schoolCode: input.school,
      ip: request.ip,
      outcome: "allowed",
    });
    return shown(row);
  }

  const posts = [
    {
      kind: "pair",
      url: "/api/runs/:runId/pairings/overrides",
      summary: "replace a priority school's partner (null removes the pair), with a reason",
      target: "partner_code",
      targetSchema: { anyOf: [SCHOOL_CODE, { type: "null" }] },
      listed: "paired",
    },
    {
      kind: "community",
      url: "/api/runs/:runId/communities/overrides",
      summary: "move a focus school to another community (null takes it out), with a reason",
      target: "community_id",
      targetSchema: { anyOf: [{ type: "string", minLength: 1, maxLength: 100 }, { type: "null" }] },
      listed: "listed",
    },
  ] as const;
  for (const post of posts) {
    app.post<{
      Params: { runId: string };
      Body: { school_code: string; school_level?: string; reason: string } & Record<
        typeof post.target,
        string | null
      >;
    }>(
      post.url,
      {
        config: { access: hubOnly },
        schema: {
          tags: ["pairing"],
          summary: post.summary,
          params: RUN_PARAMS,
          body: {
            type: "object",
            required: ["school_code", post.target, "reason"],
            properties: {
              school_code: SCHOOL_CODE,
              school_level: {
                ...SCHOOL_LEVEL,
                description: `needed when the school is ${post.listed} at several`,
              },
              [post.target]: post.targetSchema,
              reason: REASON,
            },
            additionalProperties: false,
          },
          response: { 201: OVERRIDE, ...ERRORS },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const body = await record(
          request,
          {
            runId: request.params.runId,
            kind: post.kind,
            school: b.school_code,
            ...(b.school_level ? { level: b.school_level } : {}),
          },
          b[post.target],
          b.reason,
        );
        return reply.status(201).send(body);
      },
    );
  }

  app.get<{ Params: { runId: string } }>(
    "/api/runs/:runId/pairings/overrides",
    {
      config: { access: hubOnly },
      schema: {
        tags: ["pairing"],
        summary: "every override of the run, oldest first, with who made it",
        params: RUN_PARAMS,
        response: {
          200: {
            type: "object",
            required: ["overrides"],
            properties: { overrides: { type: "array", items: OVERRIDE } },
            additionalProperties: false,
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const run = await runRow(ctx, request.params.runId);
      const rows = await ctx.read(() => readOverrides(ctx.warehouse, run.run_id));
      return { overrides: rows.map(shown) };
    },
  );
}
