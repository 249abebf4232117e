/**
 * Errors a route throws to answer with a status and a JSON body `{ error: { code, message } }`.
 * Anything else becomes a 500 whose body names no internals.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string, id: string | number) {
    super(404, "not_found", `${what} ${JSON.stringify(String(id))} not found`);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends HttpError {
  constructor(reason: string) {
    super(403, "forbidden", reason);
    this.name = "ForbiddenError";
  }
}

export class UnauthorizedError extends HttpError {
  constructor(reason = "sign in first") {
    super(401, "unauthorized", reason);
    this.name = "UnauthorizedError";
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, "bad_request", message);
    this.name = "BadRequestError";
  }
}

/** 404 `not_computed`: the warehouse has none of `table` yet (its stage never ran). */
export class NotComputedError extends HttpError {
  constructor(table: string, stage: string) {
    super(404, "not_computed", `this warehouse has no ${table} yet (${stage} not run)`);
    this.name = "NotComputedError";
  }
}

/** JSON schema of every error body. */
export const ERROR_BODY_SCHEMA = {
  $id: "ErrorBody",
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" } },
    },
  },
} as const;
