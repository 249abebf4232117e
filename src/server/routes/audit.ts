import { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Resource } from "../../access/access-policy.ts";
import { DISTRICT_CODE, ERRORS, SCHOOL_CODE } from "../../results/api-schemas.ts";
import { auditCsv, auditRows } from "../../workspace/audit-export.ts";
import type { AuditFilter } from "../../workspace/audit-log.ts";
import { districtOf } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

interface AuditQuery {
  user?: number;
  district?: string;
  school?: string;
  outcome?: "allowed" | "denied" | "error";
  resource?: string;
  since?: string;
  until?: string;
  before?: number;
  limit?: number;
}

const FILTERS = {
  user: { type: "integer", minimum: 1, description: "the user's id" },
  district: DISTRICT_CODE,
  school: SCHOOL_CODE,
  outcome: { type: "string", enum: ["allowed", "denied", "error"] },
  resource: { type: "string", minLength: 1, maxLength: 200 },
  since: { type: "string", format: "date-time", description: "entries at or after" },
  until: { type: "string", format: "date-time", description: "entries before" },
} as const;

const ENTRY = {
  type: "object",
  additionalProperties: false,
  required: ["seq", "at", "user_id", "role", "action", "resource", "outcome", "row_hash"],
  properties: {
    seq: { type: "integer" },
    at: { type: "string" },
    user_id: { type: ["integer", "null"] },
    user_email: { type: ["string", "null"] },
    role: { type: "string" },
    action: { type: "string" },
    resource: { type: "string" },
    district_code: { type: ["string", "null"] },
    school_code: { type: ["string", "null"] },
    student_count: { type: ["integer", "null"] },
    student_ids_hash: { type: ["string", "null"] },
    ip: { type: ["string", "null"] },
    outcome: { type: "string" },
    row_hash: { type: "string" },
  },
} as const;

/**
 * Whose entries the reader asks for: the district named (or the school's), else all of them for a
 * hub admin and the reader's own district for anyone else. The policy then allows hub admins any
 * scope and district admins their own district only.
 */
function auditScope(request: FastifyRequest): string | null {
  const q = request.query as AuditQuery;
  if (q.district) return q.district;
  if (q.school) return districtOf(q.school);
  return request.principal.role === "hub_admin" ? null : request.principal.districtCode;
}

function auditAccess(request: FastifyRequest): Resource[] {
  return [{ kind: "audit_log", districtCode: auditScope(request) }];
}

function filterOf(request: FastifyRequest): AuditFilter {
  const q = request.query as AuditQuery;
  const district = auditScope(request);
  return {
    ...(q.user !== undefined ? { userId: q.user } : {}),
    ...(district !== null ? { districtCode: district } : {}),
    ...(q.school ? { schoolCode: q.school } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.resource ? { resource: q.resource } : {}),
    ...(q.since ? { since: new Date(q.since) } : {}),
    ...(q.until ? { until: new Date(q.until) } : {}),
    ...(q.before !== undefined ? { beforeSeq: q.before } : {}),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
  };
}

/**
 * The audit log of student-level access, for hub admins (all of it) and district admins (their
 * district's): a page of entries newest first with filters, and every matching entry as CSV.
 */
export function registerAuditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: AuditQuery }>(
    "/api/audit",
    {
      config: { access: { resources: auditAccess } },
      schema: {
        tags: ["audit"],
        querystring: {
          type: "object",
          properties: {
            ...FILTERS,
            before: {
              type: "integer",
              minimum: 1,
              description: "entries before this seq (paging)",
            },
            limit: { type: "integer", minimum: 1, maximum: 1000, default: 100 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: "object",
            required: ["entries", "next_before"],
            additionalProperties: false,
            properties: {
              entries: { type: "array", items: ENTRY },
              next_before: {
                type: ["integer", "null"],
                description: "pass as `before` for the next page; null on the last page",
              },
            },
          },
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const filter = filterOf(request);
      const records = await ctx.audit.list(filter);
      reply.header("cache-control", "no-store");
      const full = records.length === (filter.limit ?? 100);
      return {
        entries: await auditRows(ctx.users, records),
        next_before: full ? (records[records.length - 1]?.seq ?? null) : null,
      };
    },
  );

  app.get<{ Querystring: AuditQuery }>(
    "/api/audit/export",
    {
      config: { access: { resources: auditAccess } },
      schema: {
        tags: ["audit"],
        querystring: { type: "object", properties: FILTERS, additionalProperties: false },
        response: { 200: { type: "string", description: "CSV, newest first" }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { limit: _limit, beforeSeq: _before, ...filter } = filterOf(request);
      return reply
        .header("cache-control", "no-store")
        .header("content-disposition", 'attachment; filename="audit-log.csv"')
        .type("text/csv; charset=utf-8")
        .send(Readable.from(auditCsv(ctx.audit, ctx.users, filter)));
    },
  );
}
