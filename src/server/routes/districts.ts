import type { FastifyInstance } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import { acceptInvitation, InvitationUnusableError } from "../../accounts/invite-account.ts";
import { WeakPasswordError } from "../../accounts/password-policy.ts";
import {
  ACCEPT_INVITATION,
  ACCEPTED_INVITATION,
  AGREEMENT,
  DISTRICT,
  DISTRICT_DETAIL,
  DISTRICT_LIST,
  DISTRICT_PARAMS,
  INVITATION_LIST,
  NEW_DISTRICT,
  NEW_INVITATION,
  SENT_INVITATION,
  STATUS_CHANGE,
} from "../../collaborative/collaborative-schema.ts";
import { districtJson } from "../../collaborative/district-json.ts";
import {
  DistrictNotInvitableError,
  invitationPath,
  inviteDistrictLead,
} from "../../collaborative/invite-district-lead.ts";
import { ERRORS, NO_QUERY } from "../../results/api-schemas.ts";
import { NotFoundError as MissingRowError } from "../../workspace/workspace-errors.ts";
import { BadRequestError, HttpError, NotFoundError } from "../http-errors.ts";
import type { ServerContext } from "../server-context.ts";
import { workspaceHttpError } from "./improvement-plans.ts";

type Params = { districtCode: string };
const HUB = { resources: () => [{ kind: "membership_admin" as const }] };
const SIGNED_IN = { resources: () => [{ kind: "membership" as const }] };

function httpError(error: unknown): unknown {
  if (error instanceof MissingRowError) return new NotFoundError("district", String(error.id));
  if (error instanceof DistrictNotInvitableError)
    return new HttpError(409, "conflict", error.message);
  if (error instanceof WeakPasswordError) return new BadRequestError(error.message);
  if (error instanceof InvitationUnusableError) return new HttpError(410, "gone", error.message);
  return workspaceHttpError(error);
}

/**
 * The collaborative's districts (issue #18 point 2): every signed-in user reads the list and a
 * district's membership with its history; the hub onboards a district (with its data-sharing
 * agreement), changes its status, records a new agreement, and invites its data lead and
 * superintendent (the link is returned once). An invited person sets a password with the link's
 * token (public: the token is the credential; one use, before it expires).
 */
export function registerDistrictRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    "/api/districts",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["collaborative"],
        summary: "every district with its membership and data-sharing agreement",
        querystring: NO_QUERY,
        response: { 200: DISTRICT_LIST, ...ERRORS },
      },
    },
    async () => ({ districts: (await ctx.districts.list()).map(districtJson) }),
  );

  app.get<{ Params: Params }>(
    "/api/districts/:districtCode",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["collaborative"],
        summary: "a district's membership, agreement and membership history",
        params: DISTRICT_PARAMS,
        querystring: NO_QUERY,
        response: { 200: DISTRICT_DETAIL, ...ERRORS },
      },
    },
    async (request) => {
      const code = request.params.districtCode;
      const district = await ctx.districts.find(code);
      if (!district) throw new NotFoundError("district", code);
      const history = await ctx.districts.history(code);
      return {
        district: districtJson(district),
        history: history.map((h) => ({
          status: h.status,
          opted_in: h.optedIn,
          reason: h.reason,
          changed_at: h.changedAt.toISOString(),
        })),
      };
    },
  );

  app.post<{ Body: FromSchema<typeof NEW_DISTRICT> }>(
    "/api/districts",
    {
      config: { access: HUB },
      schema: {
        tags: ["collaborative"],
        summary: "onboards a district, with its data-sharing agreement when given",
        querystring: NO_QUERY,
        body: NEW_DISTRICT,
        response: { 201: DISTRICT, ...ERRORS, 409: { $ref: "ErrorBody#" } },
      },
    },
    async (request, reply) => {
      const b = request.body;
      try {
        let district = await ctx.districts.create({
          code: b.district_code,
          name: b.name,
          status: b.status,
          optedIn: b.opted_in ?? false,
          createdBy: request.principal.userId,
        });
        if (b.agreement)
          district = await ctx.districts.recordAgreement(b.district_code, {
            signedOn: b.agreement.signed_on,
            startsOn: b.agreement.starts_on,
            endsOn: b.agreement.ends_on,
            firstYear: b.agreement.first_year,
            lastYear: b.agreement.last_year,
            dataKinds: b.agreement.data_kinds,
            recordedBy: request.principal.userId,
          });
        reply.code(201);
        return districtJson(district);
      } catch (error) {
        throw httpError(error);
      }
    },
  );

  app.put<{ Params: Params; Body: FromSchema<typeof STATUS_CHANGE> }>(
    "/api/districts/:districtCode/status",
    {
      config: { access: HUB },
      schema: {
        tags: ["collaborative"],
        summary: "changes a district's membership (kept in its history)",
        params: DISTRICT_PARAMS,
        querystring: NO_QUERY,
        body: STATUS_CHANGE,
        response: { 200: DISTRICT, ...ERRORS },
      },
    },
    async (request) => {
      try {
        return districtJson(
          await ctx.districts.setStatus(request.params.districtCode, {
            status: request.body.status,
            ...(request.body.opted_in !== undefined ? { optedIn: request.body.opted_in } : {}),
            reason: request.body.reason ?? "",
            changedBy: request.principal.userId,
          }),
        );
      } catch (error) {
        throw httpError(error);
      }
    },
  );

  app.post<{ Params: Params; Body: FromSchema<typeof AGREEMENT> }>(
    "/api/districts/:districtCode/agreements",
    {
      config: { access: HUB },
      schema: {
        tags: ["collaborative"],
        summary: "records a new data-sharing agreement (the latest recorded is in force)",
        params: DISTRICT_PARAMS,
        querystring: NO_QUERY,
        body: AGREEMENT,
        response: { 200: DISTRICT, ...ERRORS },
      },
    },
    async (request) => {
      const a = request.body;
      try {
        return districtJson(
          await ctx.districts.recordAgreement(request.params.districtCode, {
            signedOn: a.signed_on,
            startsOn: a.starts_on,
            endsOn: a.ends_on,
            firstYear: a.first_year,
            lastYear: a.last_year,
            dataKinds: a.data_kinds,
            recordedBy: request.principal.userId,
          }),
        );
      } catch (error) {
        throw httpError(error);
      }
    },
  );

  app.get<{ Params: Params }>(
    "/api/districts/:districtCode/invitations",
    {
      config: { access: HUB },
      schema: {
        tags: ["collaborative"],
        summary: "the invitations sent to the district's people, newest first (never the tokens)",
        params: DISTRICT_PARAMS,
        querystring: NO_QUERY,
        response: { 200: INVITATION_LIST, ...ERRORS },
      },
    },
    async (request) => ({
      invitations: (await ctx.invitations.listForDistrict(request.params.districtCode)).map(
        (i) => ({
          email: i.email,
          name: i.displayName,
          created_at: i.createdAt.toISOString(),
          expires_at: i.expiresAt.toISOString(),
          used_at: i.usedAt?.toISOString() ?? null,
        }),
      ),
    }),
  );

  app.post<{ Params: Params; Body: FromSchema<typeof NEW_INVITATION> }>(
    "/api/districts/:districtCode/invitations",
    {
      config: { access: HUB },
      schema: {
        tags: ["collaborative"],
        summary: "invites the district's data lead or superintendent; returns the one-time link",
        params: DISTRICT_PARAMS,
        querystring: NO_QUERY,
        body: NEW_INVITATION,
        response: { 201: SENT_INVITATION, ...ERRORS, 409: { $ref: "ErrorBody#" } },
      },
    },
    async (request, reply) => {
      try {
        const sent = await inviteDistrictLead(
          {
            users: ctx.users,
            invitations: ctx.invitations,
            districts: ctx.districts,
            directory: ctx.directory,
          },
          {
            districtCode: request.params.districtCode,
            lead: request.body.lead,
            email: request.body.email,
            displayName: request.body.name,
            invitedBy: request.principal.userId,
            now: ctx.clock,
            ...(ctx.options.scryptParams ? { scryptParams: ctx.options.scryptParams } : {}),
          },
        );
        reply.code(201);
        return {
          email: sent.user.email,
          link_path: invitationPath(sent.token),
          expires_at: sent.expiresAt.toISOString(),
        };
      } catch (error) {
        throw httpError(error);
      }
    },
  );

  app.post<{ Body: FromSchema<typeof ACCEPT_INVITATION> }>(
    "/api/invitations/accept",
    {
      config: {
        access: { public: "the invitation's one-time token is the credential" },
        rateLimit: { max: ctx.options.loginRequestsPerMinute ?? 30, timeWindow: 60_000 },
      },
      schema: {
        tags: ["collaborative"],
        summary: "sets an invited account's password with the invitation's token (once)",
        querystring: NO_QUERY,
        body: ACCEPT_INVITATION,
        response: { 200: ACCEPTED_INVITATION, ...ERRORS, 410: { $ref: "ErrorBody#" } },
      },
    },
    async (request) => {
      try {
        const user = await acceptInvitation(
          {
            users: ctx.users,
            sessions: ctx.sessions,
            invitations: ctx.invitations,
            ...(ctx.options.scryptParams ? { scryptParams: ctx.options.scryptParams } : {}),
          },
          request.body,
        );
        return { email: user.email };
      } catch (error) {
        throw httpError(error);
      }
    },
  );
}
