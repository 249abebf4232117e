import { existsSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyInstance, type RouteOptions } from "fastify";
import {
  type AuthRecordCleanup,
  DEFAULT_AUTH_CLEANUP_INTERVAL_MS,
  purgeStaleAuthRecords,
  startAuthRecordCleanup,
} from "../accounts/auth-record-cleanup.ts";
import { ensureServedTables } from "../runs/result-tables.ts";
import { ERROR_BODY_SCHEMA, HttpError } from "./http-errors.ts";
import { installRequestAuth } from "./request-auth.ts";
import type { RouteAccess } from "./route-access.ts";
import { registerAuditRoutes } from "./routes/audit.ts";
import { registerAuthRoutes } from "./routes/auth.ts";
import { registerChangeIdeaRoutes } from "./routes/change-idea-library.ts";
import { registerDirectoryRoutes } from "./routes/directory.ts";
import { registerDistrictViewRoutes } from "./routes/district-view.ts";
import { registerDistrictRoutes } from "./routes/districts.ts";
import { registerExportRoutes } from "./routes/exports.ts";
import { registerFacilitationRoutes } from "./routes/facilitation.ts";
import { registerFacilitatorRoutes } from "./routes/facilitators.ts";
import { registerImprovementPlanRoutes } from "./routes/improvement-plans.ts";
import { registerIndexRoutes } from "./routes/index-decomposition.ts";
import { registerLearningEntryRoutes } from "./routes/learning-entries.ts";
import { registerMeasureResultRoutes } from "./routes/measure-results.ts";
import { registerNetworkRollupRoutes } from "./routes/network-rollup.ts";
import { registerPairingOverrideRoutes } from "./routes/pairing-overrides.ts";
import { registerPairingRoutes } from "./routes/pairings.ts";
import { registerPdsaCycleRoutes } from "./routes/pdsa-cycles.ts";
import { registerPeerRoutes } from "./routes/peers.ts";
import { registerPeriodicRoutes } from "./routes/periodic.ts";
import { registerPlanEvidenceRoutes } from "./routes/plan-evidence.ts";
import { registerPlanMeetingRoutes } from "./routes/plan-meetings.ts";
import { registerPlanReviewRoutes } from "./routes/plan-reviews.ts";
import { registerProgressScoreRoutes } from "./routes/progress-scores.ts";
import { registerResourceRoutes } from "./routes/resources.ts";
import { registerRunRoutes } from "./routes/runs.ts";
import { registerSchoolHistoryRoutes } from "./routes/school-history.ts";
import { registerSchoolReportRoutes } from "./routes/school-report.ts";
import { registerSchoolSearchRoutes } from "./routes/school-search.ts";
import { registerSchoolSupportRoutes } from "./routes/school-support.ts";
import { registerSchoolRoutes } from "./routes/schools.ts";
import { registerStudentRoutes } from "./routes/students.ts";
import { registerSubmissionRoutes } from "./routes/submissions.ts";
import { registerTierRoutes } from "./routes/tiers.ts";
import {
  DEFAULT_WARM_UP_RUNS,
  type Readers,
  type ServerDeps,
  serverContext,
} from "./server-context.ts";
import { warmUpLatestRuns } from "./warm-up.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered, with its options (config.access is read lazily: plugins set it). */
    apiRoutes: readonly RouteOptions[];
    /** The warehouse connections and how busy they are. */
    readers: Readers;
    /** The runs decided in the background once listening (`warmUpLatestRuns`); null before. */
    warmUp: Promise<string[]> | null;
  }
}

/** The folder of the web build whose file names carry a content hash (Vite's `assets`). */
const HASHED_ASSETS = "assets";

/**
 * Cache-Control of a web build file, by its path inside the build: a hashed file never changes
 * under its name, so browsers keep it for a year; anything else (index.html) is revalidated on
 * every use so a new build is picked up at once.
 */
function webCacheControl(path: string): string {
  return path.startsWith(`${HASHED_ASSETS}${sep}`)
    ? "public, max-age=31536000, immutable"
    : "no-cache";
}

/** Marks every route a plugin registers as public (docs, static files). */
function publicRoutes(scope: FastifyInstance, why: string): void {
  const access: RouteAccess = { public: why };
  scope.addHook("onRoute", (route) => {
    route.config = { ...(route.config ?? {}), access };
  });
}

/**
 * The HTTP API: Fastify with helmet, cookies, login rate limiting, OpenAPI at `/api/docs`, one
 * route file per resource, and authorization decided for every route by the access hook
 * (deny by default). Nothing is opened here: the warehouse, workspace, framework and clock come in.
 * Serves a built web app from `options.webRoot` when that folder exists. Once ready, and then every
 * `options.authCleanupIntervalMs` until closed, deletes expired sessions and stale login attempts.
 * Once listening, makes the latest published runs' decisions in the background (`warmUpLatestRuns`).
 * The warehouse is read through pools of connections (`ctx.readers`), closed with the app.
 */
export async function buildApp(deps: ServerDeps): Promise<FastifyInstance> {
  const ctx = serverContext(deps);
  await ensureServedTables(deps.warehouse);
  const app = Fastify({
    logger: ctx.options.logger ?? false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array" } },
  });
  app.addSchema(ERROR_BODY_SCHEMA);
  const routes: RouteOptions[] = [];
  app.decorate("apiRoutes", routes);
  app.decorate("readers", ctx.readers);
  app.decorate("warmUp", null);
  // Requests in flight, for the exports' pace: counted down once, when answered or abandoned.
  app.addHook("onRequest", async (_request, reply) => {
    ctx.readers.requests++;
    let counted = true;
    reply.raw.once("close", () => {
      if (counted) ctx.readers.requests--;
      counted = false;
    });
  });
  app.addHook("onRoute", (route) => {
    routes.push(route);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: "District Collaborative API", version: "0.1.0" },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "collab_session" },
          csrf: { type: "apiKey", in: "header", name: "x-csrf-token" },
        },
      },
    },
  });

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      reply.headers(error.headers);
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code, message: error.message } });
    }
    if ((error as FastifyError).validation) {
      return reply.status(400).send({ error: { code: "invalid_request", message: error.message } });
    }
    const status = (error as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send({
        error: { code: (error as FastifyError).code ?? "bad_request", message: error.message },
      });
    }
    request.log.error(error);
    return reply
      .status(500)
      .send({ error: { code: "internal", message: "internal server error" } });
  });
  app.setNotFoundHandler((request, reply) => {
    // No route answers OPTIONS: a CORS preflight gets an empty 204 and no Access-Control-Allow-*
    // header, so a browser refuses the cross-origin request (the API is same-origin only).
    if (request.method === "OPTIONS") return reply.status(204).send();
    return reply
      .status(404)
      .send({ error: { code: "not_found", message: `no route ${request.method} ${request.url}` } });
  });

  installRequestAuth(app, ctx);

  let cleanup: AuthRecordCleanup | undefined;
  app.addHook("onReady", async () => {
    cleanup = await startAuthRecordCleanup(
      () => purgeStaleAuthRecords(ctx, ctx.clock, ctx.limiter.limits.windowMs),
      ctx.options.authCleanupIntervalMs ?? DEFAULT_AUTH_CLEANUP_INTERVAL_MS,
      (error) =>
        console.error(`collab serve: cleaning up sessions and login attempts failed: ${error}`),
    );
  });
  app.addHook("onListen", async () => {
    // Not awaited: the server answers while the latest runs' decisions are made. Only a server
    // that listens has readers to spare the wait (an in-process app.inject does not start it).
    app.warmUp = warmUpLatestRuns(
      ctx,
      ctx.options.warmUpRuns ?? DEFAULT_WARM_UP_RUNS,
      (runId, error) =>
        console.error(`collab serve: deciding the cells of run ${runId} at start failed: ${error}`),
    );
  });
  app.addHook("onReady", async () => {
    // jobs a stopped server left queued or validating run again (their files are staged)
    await ctx.submissionDesk.resume();
  });
  app.addHook("onClose", async () => {
    await ctx.submissionDesk.idle();
    await cleanup?.stop();
    await app.warmUp;
    ctx.readers.reads.close();
    ctx.readers.exports.close();
  });

  await app.register(async (scope) => {
    publicRoutes(scope, "API documentation");
    await scope.register(swaggerUi, { routePrefix: "/api/docs" });
  });

  registerAuthRoutes(app, ctx);
  registerRunRoutes(app, ctx);
  registerSchoolRoutes(app, ctx);
  registerSchoolReportRoutes(app, ctx);
  registerDistrictViewRoutes(app, ctx);
  registerSchoolHistoryRoutes(app, ctx);
  registerSchoolSearchRoutes(app, ctx);
  registerMeasureResultRoutes(app, ctx);
  registerIndexRoutes(app, ctx);
  registerTierRoutes(app, ctx);
  registerFacilitatorRoutes(app, ctx);
  registerPairingRoutes(app, ctx);
  registerPairingOverrideRoutes(app, ctx);
  registerPeerRoutes(app, ctx);
  registerPeriodicRoutes(app, ctx);
  registerSchoolSupportRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  registerStudentRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerImprovementPlanRoutes(app, ctx);
  registerPdsaCycleRoutes(app, ctx);
  registerPlanMeetingRoutes(app, ctx);
  registerLearningEntryRoutes(app, ctx);
  registerChangeIdeaRoutes(app, ctx);
  registerFacilitationRoutes(app, ctx);
  registerPlanReviewRoutes(app, ctx);
  registerProgressScoreRoutes(app, ctx);
  registerNetworkRollupRoutes(app, ctx);
  registerPlanEvidenceRoutes(app, ctx);
  registerResourceRoutes(app, ctx);
  registerDistrictRoutes(app, ctx);
  registerDirectoryRoutes(app, ctx);
  await registerSubmissionRoutes(app, ctx);

  const webRoot = ctx.options.webRoot;
  if (webRoot && existsSync(resolve(webRoot, "index.html"))) {
    const root = resolve(webRoot);
    await app.register(async (scope) => {
      publicRoutes(scope, "web app files");
      await scope.register(fastifyStatic, {
        root,
        wildcard: false,
        preCompressed: true,
        setHeaders: (reply, path) => {
          reply.header("cache-control", webCacheControl(relative(root, path)));
        },
      });
      scope.get("/*", (request, reply) => {
        // A missing API route or build file (e.g. a chunk of an older build) is a 404, not the app.
        if (request.url.startsWith("/api/") || request.url.startsWith(`/${HASHED_ASSETS}/`)) {
          return reply
            .status(404)
            .send({ error: { code: "not_found", message: `no route ${request.url}` } });
        }
        return reply.sendFile("index.html");
      });
    });
  }
  return app;
}
