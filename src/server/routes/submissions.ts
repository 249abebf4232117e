import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { canAccess, type Resource } from "../../access/access-policy.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import type { BrowserSubmission } from "../../submissions/browser-submission.ts";
import { reportCsv } from "../../submissions/report-csv.ts";
import type { UploadPart } from "../../submissions/stage-upload.ts";
import { submissionAllowed } from "../../submissions/submission-allowed.ts";
import {
  COMPUTE_JOB,
  COMPUTE_JOB_LIST,
  COMPUTE_PARAMS,
  DISTRICT_YEAR_PARAMS,
  SUBMISSION_DETAIL,
  SUBMISSION_LIST,
  SUBMISSION_LIST_QUERY,
  SUBMISSION_PARAMS,
  SUBMISSION_SUMMARY,
  YEAR_PARAMS,
  YEAR_STATUS,
} from "../../submissions/submission-schema.ts";
import {
  computeJobJson,
  reportJson,
  submissionJson,
  yearStatusJson,
} from "../../submissions/submission-view.ts";
import { UploadRefusedError } from "../../submissions/upload-refused-error.ts";
import { yearStatus } from "../../submissions/year-status.ts";
import { userNames } from "../../workspace/user-names.ts";
import { BadRequestError, HttpError, NotFoundError } from "../http-errors.ts";
import type { ServerContext } from "../server-context.ts";

const REFUSED = { 409: { $ref: "ErrorBody#" }, 413: { $ref: "ErrorBody#" } } as const;

declare module "fastify" {
  interface FastifyRequest {
    /** The submission a `/api/submissions/:id` route is about (found by its access check). */
    submission: BrowserSubmission | null;
  }
}

/**
 * The resources of a route about one submission: its district's submissions, and for a reader
 * other than the hub its student-level rows (the report quotes values; audited). A missing
 * submission is a 404 before anything is decided.
 */
function submissionResources(ctx: ServerContext) {
  return async (request: FastifyRequest): Promise<readonly Resource[]> => {
    const { id } = request.params as { id: string };
    const found = await ctx.submissions.get(id);
    if (!found) throw new NotFoundError("submission", id);
    request.submission = found;
    const district: Resource = { kind: "submission", districtCode: found.districtCode };
    return request.principal.role === "hub_admin"
      ? [district]
      : [district, { kind: "student_data", districtCode: found.districtCode }];
  };
}

/** Whether the reader may see the example values of a district's report (its own data lead). */
function valuesShown(request: FastifyRequest, districtCode: string): boolean {
  return canAccess(request.principal, { kind: "student_data", districtCode }).allowed;
}

/**
 * Submission in the browser (issue #18 point 1): a district's data lead uploads a school year's
 * files (CSV files or one zip, streamed to a staging folder), a background job validates and
 * loads them with `collab ingest`'s validation and atomic load, and the page polls the job and
 * reads its report; the history per district and year; the hub's view of a year and the compute
 * it starts once the year is complete.
 */
export async function registerSubmissionRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
): Promise<void> {
  app.decorateRequest("submission", null);
  /**
   * The year's status: the onboarded districts that are not inactive, and those with a data
   * lead's account, count as expected too.
   */
  const statusOf = async (year: number) => {
    const leads = await ctx.users.list({ role: "district_admin" });
    const onboarded = (await ctx.districts.membership()).filter((d) => d.status !== "inactive");
    return yearStatus(ctx.warehouse, year, await ctx.submissions.list({ year }), [
      ...new Set([
        ...onboarded.map((d) => d.districtCode),
        ...leads.flatMap((u) => (u.districtCode ? [u.districtCode] : [])),
      ]),
    ]);
  };
  const limits = ctx.submissionDesk.limits;
  await app.register(async (scope) => {
    // only these routes read multipart bodies; busboy's own limit is past ours, so ours refuses
    await scope.register(multipart, {
      limits: {
        fileSize: Math.max(limits.maxFileBytes, limits.maxZipBytes) + 1,
        files: limits.maxFiles + 1,
        fields: 10,
        parts: limits.maxFiles + 11,
      },
    });
    scope.post<{ Params: { districtCode: string; year: number } }>(
      "/api/districts/:districtCode/years/:year/submissions",
      {
        config: {
          access: {
            resources: (request) => [
              {
                kind: "submission",
                districtCode: (request.params as { districtCode: string }).districtCode,
              },
            ],
          },
        },
        schema: {
          tags: ["submissions"],
          summary:
            "uploads a district's files for a school year (multipart: several CSV files or one zip); answers at once with the queued job",
          params: DISTRICT_YEAR_PARAMS,
          response: { 202: SUBMISSION_SUMMARY, ...ERRORS, ...REFUSED },
        },
      },
      async (request, reply) => {
        const { districtCode, year } = request.params;
        const permission = await submissionAllowed(districtCode, year, ctx.clock());
        if (!permission.allowed)
          throw new HttpError(403, "submission_not_allowed", permission.reason);
        // The district's data-sharing agreement (status, dates, years) before a byte is staged;
        // its data kinds are checked against the files staged, before validation.
        const agreement = await ctx.districts.submissionAllowed(districtCode, year);
        if (!agreement.allowed)
          throw new HttpError(403, "submission_not_allowed", agreement.reason);
        if (!request.isMultipart())
          throw new BadRequestError("send the files as multipart/form-data");
        const parts = async function* (): AsyncGenerator<UploadPart> {
          for await (const part of request.parts())
            if (part.type === "file") yield { name: part.filename, stream: part.file };
        };
        try {
          const created = await ctx.submissionDesk.receive({
            districtCode,
            year,
            submittedBy: request.principal.userId!,
            parts: parts(),
          });
          const who = await userNames(ctx.users, [created.submittedBy]);
          return reply.status(202).send(submissionJson(created, who));
        } catch (error) {
          if (!(error instanceof UploadRefusedError)) throw error;
          const status = error.refusal === "too_large" || error.refusal === "zip_bomb" ? 413 : 400;
          // the rest of the body is not read: close the connection once answered
          reply.header("connection", "close");
          throw new HttpError(status, error.refusal, error.message);
        }
      },
    );
  });

  app.get<{ Querystring: { district?: string; year?: number } }>(
    "/api/submissions",
    {
      config: {
        access: {
          resources: (request) => [
            {
              kind: "submission",
              districtCode: (request.query as { district?: string }).district ?? null,
            },
          ],
        },
      },
      schema: {
        tags: ["submissions"],
        summary:
          "the submission history, newest first, of a district (and year); every district's for the hub",
        querystring: SUBMISSION_LIST_QUERY,
        response: { 200: SUBMISSION_LIST, ...ERRORS },
      },
    },
    async (request) => {
      const { district, year } = request.query;
      const list = await ctx.submissions.list({
        ...(district !== undefined ? { districtCode: district } : {}),
        ...(year !== undefined ? { year } : {}),
      });
      const who = await userNames(
        ctx.users,
        list.map((s) => s.submittedBy),
      );
      return { submissions: list.map((s) => submissionJson(s, who)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/submissions/:id",
    {
      config: { access: { resources: submissionResources(ctx), audit: "submission_report" } },
      schema: {
        tags: ["submissions"],
        summary:
          "one submission's job and validation report (values only for the district's own data lead)",
        params: SUBMISSION_PARAMS,
        response: { 200: SUBMISSION_DETAIL, ...ERRORS },
      },
    },
    async (request) => {
      const s = request.submission!;
      const who = await userNames(ctx.users, [s.submittedBy]);
      return {
        ...submissionJson(s, who),
        report: reportJson(s.report, valuesShown(request, s.districtCode)),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/submissions/:id/report.csv",
    {
      config: { access: { resources: submissionResources(ctx), audit: "submission_report" } },
      schema: {
        tags: ["submissions"],
        summary:
          "a submission's validation report as CSV: every problem by file, line, column and value",
        params: SUBMISSION_PARAMS,
        response: { 200: { type: "string", description: "CSV with a header row" }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const s = request.submission!;
      const report = reportJson(s.report, valuesShown(request, s.districtCode));
      if (!report) throw new HttpError(409, "not_validated", "the submission is not validated yet");
      return reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="validation-${s.districtCode}-${s.year}-${s.id.slice(0, 8)}.csv"`,
        )
        .send(reportCsv({ submission: `${s.districtCode}/${s.year}`, ...report }));
    },
  );

  app.get<{ Params: { year: number } }>(
    "/api/years/:year/submission-status",
    {
      config: { access: { resources: () => [{ kind: "submission", districtCode: null }] } },
      schema: {
        tags: ["submissions"],
        summary:
          "every district's status for a school year (accepted, in progress, rejected, missing) and whether the year is complete",
        params: YEAR_PARAMS,
        response: { 200: YEAR_STATUS, ...ERRORS },
      },
    },
    async (request) => {
      const { year } = request.params;
      return yearStatusJson(await statusOf(year));
    },
  );

  app.post<{ Params: { year: number } }>(
    "/api/years/:year/computes",
    {
      config: { access: { resources: () => [{ kind: "submission", districtCode: null }] } },
      schema: {
        tags: ["submissions"],
        summary:
          "starts computing the year's run in the background once every district's submission is accepted",
        params: YEAR_PARAMS,
        response: { 202: COMPUTE_JOB, ...ERRORS, ...REFUSED },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const status = await statusOf(year);
      if (!status.complete) {
        const waiting = status.districts.filter((d) => d.status !== "accepted");
        throw new HttpError(
          409,
          "year_incomplete",
          waiting.length === 0
            ? `no district has submitted ${year}`
            : `${year} is not complete: ${waiting.map((d) => `${d.districtName ?? d.districtCode} (${d.status.replace("_", " ")})`).join(", ")}`,
        );
      }
      const job = ctx.computeJobs.start(year, request.principal.userId!);
      return reply.status(202).send(computeJobJson(job));
    },
  );

  app.get<{ Params: { year: number } }>(
    "/api/years/:year/computes",
    {
      config: { access: { resources: () => [{ kind: "submission", districtCode: null }] } },
      schema: {
        tags: ["submissions"],
        summary: "the computes started for a year since the server started, newest first",
        params: YEAR_PARAMS,
        response: { 200: COMPUTE_JOB_LIST, ...ERRORS },
      },
    },
    async (request) => ({
      computes: ctx.computeJobs.ofYear(request.params.year).map(computeJobJson),
    }),
  );

  app.get<{ Params: { id: string } }>(
    "/api/computes/:id",
    {
      config: { access: { resources: () => [{ kind: "submission", districtCode: null }] } },
      schema: {
        tags: ["submissions"],
        summary: "a compute's progress and, once done, its run",
        params: COMPUTE_PARAMS,
        response: { 200: COMPUTE_JOB, ...ERRORS },
      },
    },
    async (request) => {
      const job = ctx.computeJobs.get(request.params.id);
      if (!job) throw new NotFoundError("compute", request.params.id);
      return computeJobJson(job);
    },
  );
}
