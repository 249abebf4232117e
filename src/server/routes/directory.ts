import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import {
  DIRECTORY,
  DIRECTORY_PROFILE,
  DIRECTORY_QUERY,
  MY_DIRECTORY_PROFILE,
} from "../../collaborative/collaborative-schema.ts";
import { inNetwork } from "../../collaborative/district-json.ts";
import { ROLE_ALIKE_POSITIONS } from "../../collaborative/role-alike-positions.ts";
import { ERRORS, NO_QUERY } from "../../results/api-schemas.ts";
import type { ServerContext } from "../server-context.ts";
import { workspaceHttpError } from "./improvement-plans.ts";

/**
 * The role-alike directory (issue #18 point 5): people who hold the same job in other districts,
 * listed only when they opted in, contact shown only when they chose to; readable by network
 * members only (the hub's side, and users of member and participant districts). Each signed-in
 * user edits their own profile.
 */
export function registerDirectoryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const directoryAccess = {
    resources: async (request: FastifyRequest) => {
      const code = request.principal.districtCode;
      const district = code === null ? undefined : await ctx.districts.find(code);
      return [{ kind: "directory" as const, viewerInNetwork: inNetwork(code, district) }];
    },
  };

  app.get<{ Querystring: FromSchema<typeof DIRECTORY_QUERY> }>(
    "/api/directory",
    {
      config: { access: directoryAccess },
      schema: {
        tags: ["collaborative"],
        summary: "people of the network by position and district, to call between meetings",
        querystring: DIRECTORY_QUERY,
        response: { 200: DIRECTORY, ...ERRORS },
      },
    },
    async (request) => {
      const people = await ctx.directory.list({
        ...(request.query.position !== undefined ? { position: request.query.position } : {}),
        ...(request.query.district !== undefined ? { districtCode: request.query.district } : {}),
      });
      return {
        positions: ROLE_ALIKE_POSITIONS.map((p) => ({ id: p.id, label: p.label })),
        people: people.map((p) => ({
          name: p.name,
          position: p.position,
          title: p.title,
          district_code: p.districtCode,
          district_name: p.districtName,
          phone: p.phone,
          email: p.email,
        })),
      };
    },
  );

  app.get(
    "/api/directory/me",
    {
      config: { access: { resources: () => [{ kind: "own_account" }] } },
      schema: {
        tags: ["collaborative"],
        summary: "the signed-in user's own directory profile (null: none yet)",
        querystring: NO_QUERY,
        response: { 200: MY_DIRECTORY_PROFILE, ...ERRORS },
      },
    },
    async (request) => {
      const p = await ctx.directory.profile(request.principal.userId!);
      return {
        profile:
          p === undefined
            ? null
            : {
                position: p.position as FromSchema<typeof DIRECTORY_PROFILE>["position"],
                title: p.title,
                phone: p.phone,
                email: p.email,
                show_contact: p.showContact,
                listed: p.listed,
              },
      };
    },
  );

  app.put<{ Body: FromSchema<typeof DIRECTORY_PROFILE> }>(
    "/api/directory/me",
    {
      config: { access: { resources: () => [{ kind: "own_account" }] } },
      schema: {
        tags: ["collaborative"],
        summary: "saves the signed-in user's directory profile (opt in with listed)",
        querystring: NO_QUERY,
        body: DIRECTORY_PROFILE,
        response: { 200: MY_DIRECTORY_PROFILE, ...ERRORS },
      },
    },
    async (request) => {
      const b = request.body;
      try {
        const saved = await ctx.directory.save(request.principal.userId!, {
          position: b.position,
          title: b.title,
          phone: b.phone,
          email: b.email,
          showContact: b.show_contact,
          listed: b.listed,
        });
        return {
          profile: {
            position: b.position,
            title: saved.title,
            phone: saved.phone,
            email: saved.email,
            show_contact: saved.showContact,
            listed: saved.listed,
          },
        };
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );
}
