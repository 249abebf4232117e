import type { FastifyInstance } from "fastify";
import { logIn } from "../../accounts/log-in.ts";
import { ME } from "../../accounts/me-schema.ts";
import { endSession } from "../../accounts/resolve-session.ts";
import { SESSION_LIFETIME_MS, sessionCookie } from "../../accounts/session-token.ts";
import { ERRORS, NO_QUERY } from "../../results/api-schemas.ts";
import { HttpError, UnauthorizedError } from "../http-errors.ts";
import { secureSession } from "../request-auth.ts";
import type { ServerContext } from "../server-context.ts";

/** Sign in, sign out, and who am I. */
export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: { email: string; password: string } }>(
    "/api/auth/login",
    {
      config: {
        access: { public: "signing in" },
        rateLimit: { max: ctx.options.loginRequestsPerMinute ?? 30, timeWindow: 60_000 },
      },
      schema: {
        tags: ["auth"],
        body: {
          type: "object",
          required: ["email", "password"],
          properties: {
            email: { type: "string", minLength: 3, maxLength: 254 },
            password: { type: "string", minLength: 1, maxLength: 1024 },
          },
          additionalProperties: false,
        },
        response: { 200: ME, 429: { $ref: "ErrorBody#" }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const result = await logIn(
        {
          users: ctx.users,
          sessions: ctx.sessions,
          limiter: ctx.limiter,
          clock: ctx.clock,
          ...(ctx.options.scryptParams ? { scryptParams: ctx.options.scryptParams } : {}),
        },
        {
          email: request.body.email,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        },
      );
      if (!result.ok) {
        if (result.reason === "rate_limited") {
          throw new HttpError(429, "rate_limited", "too many failed sign-ins; try again later", {
            "retry-after": String(result.retryAfterSeconds),
          });
        }
        throw new UnauthorizedError("wrong email or password");
      }
      const cookie = sessionCookie(secureSession(ctx, request));
      reply.setCookie(cookie.name, result.token, {
        ...cookie.options,
        maxAge: SESSION_LIFETIME_MS / 1000,
      });
      const u = result.user;
      return {
        role: u.role,
        userId: u.id,
        email: u.email,
        displayName: u.displayName,
        districtCode: u.districtCode,
        schoolCode: u.schoolCode,
        csrfToken: result.session.csrfToken,
      };
    },
  );

  app.post(
    "/api/auth/logout",
    {
      config: { access: { resources: () => [{ kind: "own_account" }] } },
      schema: {
        tags: ["auth"],
        querystring: NO_QUERY,
        response: {
          200: {
            type: "object",
            required: ["ok"],
            additionalProperties: false,
            properties: { ok: { type: "boolean" } },
          },
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const cookie = sessionCookie(secureSession(ctx, request));
      await endSession(ctx.sessions, request.cookies[cookie.name]);
      reply.clearCookie(cookie.name, cookie.options);
      return { ok: true };
    },
  );

  app.get(
    "/api/auth/me",
    {
      config: { access: { public: "says who is signed in, nothing else" } },
      schema: { tags: ["auth"], querystring: NO_QUERY, response: { 200: ME } },
    },
    async (request) => {
      const p = request.principal;
      if (p.userId === null) return { role: "public", userId: null };
      const user = await ctx.users.findById(p.userId);
      return {
        role: p.role,
        userId: p.userId,
        email: user?.email ?? null,
        displayName: user?.displayName ?? null,
        districtCode: p.districtCode,
        schoolCode: p.schoolCode,
        csrfToken: request.session?.csrfToken ?? null,
      };
    },
  );
}
