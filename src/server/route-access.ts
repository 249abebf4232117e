import type { FastifyRequest } from "fastify";
import type { Resource } from "../access/access-policy.ts";

/**
 * What a route serves, declared in its `config.access`. The access hook refuses any route that
 * declares nothing (deny by default).
 * - `public`: no data behind it (sign-in, API docs, the web app's files); `why` says so.
 * - `resources`: the policy resources the request touches, resolved from its params; every one
 *   must be allowed. Student-level resources are written to the audit log.
 */
export type RouteAccess =
  | { readonly public: string }
  | {
      readonly resources: (
        request: FastifyRequest,
      ) => Promise<readonly Resource[]> | readonly Resource[];
      /**
       * What the audit log calls this access (e.g. `students`). Set on every route that may return
       * student-level rows: its responses are sent `Cache-Control: no-store`.
       */
      readonly audit?: string;
    };

declare module "fastify" {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
