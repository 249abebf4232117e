import type { MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import { canAccess, type Resource } from "../../access/access-policy.ts";
import {
  type FormFields,
  ResourceInputError,
  readResourceDraft,
  readVersionDraft,
  resourceSearchText,
} from "../../resources/resource-draft.ts";
import {
  DEFAULT_RESOURCE_MAX_BYTES,
  downloadHeaders,
  fileContent,
  ResourceFileError,
} from "../../resources/resource-file.ts";
import type { ResourceDetail, VersionContent } from "../../resources/resource-repository.ts";
import {
  RESOURCE_DETAIL,
  RESOURCE_FORM,
  RESOURCE_PAGE,
  RESOURCE_PARAMS,
  RESOURCE_QUERY,
  RESOURCE_RATING,
  RESOURCE_RATING_BODY,
  RESOURCE_VERSION_FORM,
  RESOURCE_VERSION_PARAMS,
} from "../../resources/resource-schema.ts";
import {
  type ResourceLabels,
  resourceDetailJson,
  resourceFacetsJson,
  resourceSummaryJson,
} from "../../resources/resource-view.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import { readDistrictNames } from "../../results/district-names.ts";
import { NotFoundError as WorkspaceNotFound } from "../../workspace/workspace-errors.ts";
import { HttpError, NotFoundError } from "../http-errors.ts";
import type { ServerContext } from "../server-context.ts";

type Query = FromSchema<typeof RESOURCE_QUERY>;
type Params = { resourceId: number };
type VersionParams = { resourceId: number; version: number };

/** A form as it arrived: its fields, and its one file if any. */
interface ArrivedForm {
  readonly fields: FormFields;
  readonly file: { readonly name: string; readonly bytes: Uint8Array } | null;
}

function httpError(error: unknown): unknown {
  if (error instanceof ResourceInputError) {
    return new HttpError(400, `invalid_${error.field}`, `${error.field}: ${error.message}`);
  }
  if (error instanceof ResourceFileError)
    return new HttpError(error.status, error.code, error.message);
  if (error instanceof WorkspaceNotFound) return new NotFoundError(error.what, error.id);
  return error;
}

/**
 * The request's form: a JSON object (a link version), or multipart fields with at most one file
 * `file`, read with the size limit and the name as sent (busboy's `preservePath`, so that a path
 * is refused rather than cut to its last part).
 */
async function readForm(request: FastifyRequest, maxBytes: number): Promise<ArrivedForm> {
  if (!request.isMultipart?.()) {
    const body = request.body;
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new HttpError(400, "invalid_request", "expected a JSON object or a multipart form");
    }
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === "string") fields[k] = v;
      else if (Array.isArray(v) && v.every((x) => typeof x === "string")) fields[k] = v;
      else throw new HttpError(400, `invalid_${k}`, `${k}: expected text or a list of texts`);
    }
    return { fields, file: null };
  }
  const fields: Record<string, string[]> = {};
  let file: ArrivedForm["file"] = null;
  try {
    for await (const part of request.parts({
      preservePath: true,
      limits: { fileSize: maxBytes, files: 1, fields: 60, fieldSize: 8192, parts: 61 },
    })) {
      if (part.type === "file") {
        const f = part as MultipartFile;
        const bytes = await f.toBuffer();
        if (f.fieldname !== "file") continue;
        file = { name: f.filename, bytes: new Uint8Array(bytes) };
      } else {
        fields[part.fieldname] = [...(fields[part.fieldname] ?? []), String(part.value)];
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") {
      throw new HttpError(
        413,
        "file_too_large",
        `the file is larger than the ${maxBytes}-byte limit`,
      );
    }
    throw error;
  }
  return { fields, file };
}

/** A version's content from the form: its file, or its link; exactly one. */
function versionContent(form: ArrivedForm, url: string | null, maxBytes: number): VersionContent {
  if (form.file && url !== null) {
    throw new ResourceInputError("url", "give a file or a link, not both", url);
  }
  if (form.file) return fileContent(form.file.name, form.file.bytes, maxBytes);
  if (url !== null) return { url };
  throw new ResourceInputError("file", "a version needs a file or a link", null);
}

/**
 * The shared-resource library (issue #18 point 6, docs/resources.md): every signed-in user
 * searches, reads, downloads and rates; the network's working roles publish; a resource's author,
 * its district's admin or the hub adds versions. Uploads are audit-log entries.
 */
export function registerResourceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const maxBytes = ctx.options.resourceMaxBytes ?? DEFAULT_RESOURCE_MAX_BYTES;
  const labels = async (): Promise<ResourceLabels> => ({
    framework: ctx.framework,
    districtNames: await ctx.read(() => readDistrictNames(ctx.warehouse)),
  });
  const revise = (r: ResourceDetail): Resource => ({
    kind: "shared_resource",
    action: "revise",
    districtCode: r.districtCode,
    authorId: r.createdBy,
  });
  const read = { resources: () => [{ kind: "shared_resource", action: "read" } as const] };
  const audit = (request: FastifyRequest, what: string, districtCode: string | null) =>
    ctx.audit.record({
      userId: request.principal.userId,
      role: request.principal.role,
      action: "create",
      resource: what,
      districtCode,
      ip: request.ip,
      outcome: "allowed",
    });

  app.register(async (scope) => {
    // Registered here unless the app already has it (another route family may register it).
    if (!scope.hasRequestDecorator("isMultipart")) {
      const { default: multipart } = await import("@fastify/multipart");
      await scope.register(multipart);
    }

    scope.get<{ Querystring: Query }>(
      "/api/resources",
      {
        config: { access: read },
        schema: {
          tags: ["resources"],
          summary:
            "searches the shared resources: words, filters by kind, tag and district, four orders",
          querystring: RESOURCE_QUERY,
          response: { 200: RESOURCE_PAGE, ...ERRORS },
        },
      },
      async (request) => {
        const q = request.query;
        const limit = q.limit ?? 20;
        const offset = q.offset ?? 0;
        const sort = q.sort === "relevance" && !q.q?.trim() ? "newest" : (q.sort ?? "relevance");
        const [page, facets, l] = await Promise.all([
          ctx.resources.search({
            text: q.q,
            kind: q.kind,
            district: q.district,
            grade: q.grade,
            subject: q.subject,
            measure: q.measure,
            studentGroup: q.group,
            sort,
            limit,
            offset,
          }),
          ctx.resources.facets(),
          labels(),
        ]);
        return {
          total: page.total,
          limit,
          offset,
          sort,
          may_publish: canAccess(request.principal, { kind: "shared_resource", action: "publish" })
            .allowed,
          resources: page.resources.map((r) => resourceSummaryJson(r, l)),
          facets: resourceFacetsJson(facets, l),
        };
      },
    );

    scope.get<{ Params: Params }>(
      "/api/resources/:resourceId",
      {
        config: { access: read },
        schema: {
          tags: ["resources"],
          summary: "a shared resource with every version, its ratings and the reader's own",
          params: RESOURCE_PARAMS,
          response: { 200: RESOURCE_DETAIL, ...ERRORS },
        },
      },
      async (request) => {
        const r = await ctx.resources.find(request.params.resourceId, request.principal.userId);
        if (!r) throw new NotFoundError("resource", request.params.resourceId);
        return resourceDetailJson(
          r,
          await labels(),
          canAccess(request.principal, revise(r)).allowed,
        );
      },
    );

    scope.post(
      "/api/resources",
      {
        config: {
          access: { resources: () => [{ kind: "shared_resource", action: "publish" }] },
        },
        schema: {
          tags: ["resources"],
          summary:
            "publishes a resource with its first version: a multipart form with `file`, or JSON with `url`; fields title, description, kind, grades, subjects, measures, student_groups, notes (district_code: the hub's or a facilitator's choice)",
          body: { content: { "application/json": { schema: RESOURCE_FORM } } },
          response: { 201: RESOURCE_DETAIL, ...ERRORS },
        },
      },
      async (request, reply) => {
        try {
          const form = await readForm(request, maxBytes);
          const draft = readResourceDraft(form.fields, ctx.framework);
          const version = readVersionDraft(form.fields);
          const content = versionContent(form, version.url, maxBytes);
          const who = request.principal;
          const userId = who.userId ?? 0;
          const l = await labels();
          if (
            who.districtCode === null &&
            draft.districtCode !== null &&
            !l.districtNames.has(draft.districtCode)
          ) {
            throw new ResourceInputError(
              "district_code",
              `unknown district "${draft.districtCode}": no school of the network is in it`,
              draft.districtCode,
            );
          }
          const made = await ctx.resources.publish({
            ...draft,
            // A district's staff publish for their own district; the hub and a facilitator
            // without a district may name one (none: the network hub).
            districtCode: who.districtCode ?? draft.districtCode,
            searchText: resourceSearchText(draft, ctx.framework),
            createdBy: userId,
            firstVersion: { content, notes: version.notes, createdBy: userId },
          });
          await audit(request, `shared resource ${made.id} version 1`, made.districtCode);
          return reply
            .status(201)
            .send(resourceDetailJson(made, l, canAccess(who, revise(made)).allowed));
        } catch (error) {
          throw httpError(error);
        }
      },
    );

    scope.post<{ Params: Params }>(
      "/api/resources/:resourceId/versions",
      {
        config: {
          access: {
            resources: async (request) => {
              const { resourceId } = request.params as Params;
              const r = await ctx.resources.find(Number(resourceId), null);
              if (!r) throw new NotFoundError("resource", String(resourceId));
              return [revise(r)];
            },
          },
        },
        schema: {
          tags: ["resources"],
          summary:
            "adds the next version of a resource (its author, its district's admin, the hub): a multipart form with `file`, or JSON with `url`; and `notes`",
          params: RESOURCE_PARAMS,
          body: { content: { "application/json": { schema: RESOURCE_VERSION_FORM } } },
          response: { 201: RESOURCE_DETAIL, ...ERRORS },
        },
      },
      async (request, reply) => {
        try {
          const form = await readForm(request, maxBytes);
          const version = readVersionDraft(form.fields);
          const content = versionContent(form, version.url, maxBytes);
          const v = await ctx.resources.addVersion(request.params.resourceId, {
            content,
            notes: version.notes,
            createdBy: request.principal.userId ?? 0,
          });
          const r = await ctx.resources.find(v.resourceId, request.principal.userId);
          if (!r) throw new NotFoundError("resource", v.resourceId);
          await audit(request, `shared resource ${r.id} version ${v.version}`, r.districtCode);
          return reply.status(201).send(resourceDetailJson(r, await labels(), true));
        } catch (error) {
          throw httpError(error);
        }
      },
    );

    scope.put<{ Params: Params; Body: FromSchema<typeof RESOURCE_RATING_BODY> }>(
      "/api/resources/:resourceId/rating",
      {
        config: { access: { resources: () => [{ kind: "shared_resource", action: "rate" }] } },
        schema: {
          tags: ["resources"],
          summary: "rates a resource 1–5 stars; a user's next rating replaces their last",
          params: RESOURCE_PARAMS,
          body: RESOURCE_RATING_BODY,
          response: { 200: RESOURCE_RATING, ...ERRORS },
        },
      },
      async (request) => {
        try {
          const stars = request.body.stars;
          const r = await ctx.resources.rate(
            request.params.resourceId,
            request.principal.userId ?? 0,
            stars,
          );
          return { average: Math.round(r.average * 10) / 10, count: r.count, mine: stars };
        } catch (error) {
          throw httpError(error);
        }
      },
    );

    scope.get<{ Params: VersionParams }>(
      "/api/resources/:resourceId/versions/:version/download",
      {
        config: { access: read },
        schema: {
          tags: ["resources"],
          summary:
            "counts a download of a version, then sends its file as an attachment (nosniff) or redirects to its link",
          params: RESOURCE_VERSION_PARAMS,
          response: {
            200: { type: "string", description: "the file's bytes, as an attachment" },
            ...ERRORS,
          },
        },
      },
      async (request, reply) => {
        const { resourceId, version } = request.params;
        const found = await ctx.resources.content(resourceId, version);
        if (!found) throw new NotFoundError("resource version", `${resourceId}/${version}`);
        await ctx.resources.countDownload(found.version.id);
        const v = found.version;
        if (v.url !== null) return reply.redirect(v.url, 303);
        reply.headers(
          downloadHeaders(v.fileName ?? "resource", v.contentType ?? "application/octet-stream"),
        );
        return reply.send(Buffer.from(found.bytes ?? new Uint8Array()));
      },
    );
  });
}
