import type {} from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Decision } from "../access/access-policy.ts";
import { canAccess } from "../access/access-policy.ts";
import { ANONYMOUS, type Principal, principalOf } from "../access/principal.ts";
import { CSRF_HEADER, requiresCsrf, verifyCsrfToken } from "../accounts/csrf-token.ts";
import { resolveSession } from "../accounts/resolve-session.ts";
import { sessionCookie } from "../accounts/session-token.ts";
import type { Session } from "../workspace/session-repository.ts";
import { ForbiddenError, HttpError, UnauthorizedError } from "./http-errors.ts";
import type { ServerContext } from "./server-context.ts";

/** What the access hook decided for a request; routes read `suppress` and record audits. */
export interface RequestAccess {
  readonly allowed: boolean;
  /** Small cells must be hidden in what is returned. */
  readonly suppress: boolean;
  /** The request touches student-level rows: an audit row is written whatever the outcome. */
  readonly audit: string | null;
  readonly districtCode: string | null;
  readonly schoolCode: string | null;
  /** Set by the route once it knows which students it returned. */
  studentIds: readonly string[] | null;
  audited: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
    session: Session | null;
    access: RequestAccess | null;
  }
}

/**
 * Whether the request reached the user's browser over HTTPS: a TLS socket here, or a proxy in
 * front saying so (`X-Forwarded-Proto: https`, or `proto=https` in `Forwarded`; the first hop is
 * the browser's). The headers are believed from anyone: they only decide the Secure flag of the
 * caller's own cookie, and a browser that was not on HTTPS drops a Secure cookie.
 */
export function cameOverHttps(request: FastifyRequest): boolean {
  if ((request.raw.socket as { encrypted?: boolean } | undefined)?.encrypted === true) return true;
  const xfp = request.headers["x-forwarded-proto"];
  const first = (Array.isArray(xfp) ? xfp[0] : xfp)?.split(",")[0]?.trim().toLowerCase();
  if (first !== undefined && first !== "") return first === "https";
  const forwarded = request.headers.forwarded?.split(",")[0] ?? "";
  return /(?:^|;)\s*proto="?https"?\s*(?:;|$)/i.test(forwarded);
}

/**
 * Whether the session cookie of this request is Secure (with the `__Host-` prefix): always when
 * the server is told to (`secureCookies`), otherwise when the request came over HTTPS.
 */
export function secureSession(ctx: ServerContext, request: FastifyRequest): boolean {
  return ctx.options.secureCookies === true || cameOverHttps(request);
}

/** Whether a route may return student-level rows (it names an audit): see {@link RouteAccess}. */
export function isStudentLevelRoute(request: FastifyRequest): boolean {
  const access = request.routeOptions.config?.access;
  return access !== undefined && !("public" in access) && access.audit !== undefined;
}

/**
 * The hooks that decide every request: who is asking (session cookie), CSRF for state changes,
 * then the route's declared access against the policy — deny by default — and the audit row of
 * every student-level access, allowed or denied.
 */
export function installRequestAuth(app: FastifyInstance, ctx: ServerContext): void {
  app.decorateRequest("principal", null as unknown as Principal);
  app.decorateRequest("session", null);
  app.decorateRequest("access", null);

  app.addHook("onRequest", async (request) => {
    request.principal = ANONYMOUS;
    request.session = null;
    request.access = null;
    const token = request.cookies[sessionCookie(secureSession(ctx, request)).name];
    if (!token) return;
    const found = await resolveSession(ctx.sessions, ctx.clock, token);
    if (!found) return;
    request.principal = principalOf(found.user);
    request.session = found.session;
  });

  app.addHook("preHandler", async (request) => {
    // No route matched: the not-found handler answers (404, or 204 to a preflight); nothing to decide.
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      throw new HttpError(
        500,
        "no_access_policy",
        `route ${request.routeOptions.url} declares no access policy`,
      );
    }
    if (requiresCsrf(request.method) && request.session !== null) {
      const sent = request.headers[CSRF_HEADER];
      if (!verifyCsrfToken(request.session.csrfToken, typeof sent === "string" ? sent : null)) {
        throw new ForbiddenError(`missing or wrong ${CSRF_HEADER} header`);
      }
    }
    if ("public" in access) return;
    const resources = await access.resources(request);
    const decisions: Decision[] = resources.map((r) => canAccess(request.principal, r));
    const denied = decisions.find((d) => !d.allowed);
    const student = resources.find((r) => r.kind === "student_data");
    const scoped = resources.find((r) => r.kind === "student_data" || r.kind === "aggregate");
    request.access = {
      allowed: denied === undefined,
      suppress: decisions.some((d) => d.suppress),
      audit: decisions.some((d) => d.audit)
        ? (access.audit ?? request.routeOptions.url ?? "student_data")
        : null,
      districtCode: scoped && "districtCode" in scoped ? (scoped.districtCode ?? null) : null,
      schoolCode: student && "schoolCode" in student ? (student.schoolCode ?? null) : null,
      studentIds: null,
      audited: false,
    };
    if (denied) {
      if (request.access.audit) await writeAudit(ctx, request, "denied");
      throw request.principal.userId === null
        ? new UnauthorizedError(`sign in to access this: ${denied.reason}`)
        : new ForbiddenError(denied.reason);
    }
  });

  // Student-level answers (rows, refusals and invalid requests alike) are kept by no cache.
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.access?.audit || isStudentLevelRoute(request))
      reply.header("cache-control", "no-store");
    return payload;
  });

  app.addHook("onResponse", async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.access;
    if (access === null) {
      // Refused before access was decided (e.g. `?year=abc` failing validation): still audited.
      if (isStudentLevelRoute(request)) await writeUndecidedAudit(ctx, request, reply.statusCode);
      return;
    }
    if (!access.audit || access.audited) return;
    await writeAudit(ctx, request, reply.statusCode >= 400 ? "error" : "allowed");
  });
}

const SCHOOL_CODE = /^[0-9]{14}$/;

/**
 * The audit row of a request to a student-level route that was answered before its access was
 * decided (invalid parameters, a failed CSRF check): outcome `denied` for a 401 or 403, else
 * `error`; the school and district only when the `schoolCode` parameter is a valid code.
 */
async function writeUndecidedAudit(
  ctx: ServerContext,
  request: FastifyRequest,
  status: number,
): Promise<void> {
  const access = request.routeOptions.config?.access;
  if (access === undefined || "public" in access || access.audit === undefined) return;
  const school = (request.params as { schoolCode?: unknown } | undefined)?.schoolCode;
  const schoolCode = typeof school === "string" && SCHOOL_CODE.test(school) ? school : null;
  await ctx.audit.record({
    userId: request.principal.userId,
    role: request.principal.role,
    action: "read",
    resource: access.audit,
    districtCode: schoolCode?.slice(0, 7) ?? null,
    schoolCode,
    ip: request.ip,
    outcome: status === 401 || status === 403 ? "denied" : "error",
  });
}

/** Writes the request's audit row once. */
export async function writeAudit(
  ctx: ServerContext,
  request: FastifyRequest,
  outcome: "allowed" | "denied" | "error",
): Promise<void> {
  const access = request.access;
  if (!access?.audit || access.audited) return;
  access.audited = true;
  await ctx.audit.record({
    userId: request.principal.userId,
    role: request.principal.role,
    action: "read",
    resource: access.audit,
    districtCode: access.districtCode,
    schoolCode: access.schoolCode,
    ...(access.studentIds ? { studentIds: access.studentIds } : {}),
    ip: request.ip,
    outcome,
  });
}
