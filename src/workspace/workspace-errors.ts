/** A write broke a rule of the workspace; the message names the bad value. */
export class WorkspaceInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly value: unknown,
  ) {
    super(message);
    this.name = "WorkspaceInputError";
  }
}

/** A unique key already holds this value (e.g. an email already registered). */
export class DuplicateKeyError extends Error {
  constructor(
    readonly key: string,
    readonly value: string,
    override readonly cause?: unknown,
  ) {
    super(`${key} "${value}" already exists`);
    this.name = "DuplicateKeyError";
  }
}

/** A referenced row does not exist. */
export class NotFoundError extends Error {
  constructor(
    readonly what: string,
    readonly id: string | number,
  ) {
    super(`${what} ${JSON.stringify(id)} not found`);
    this.name = "NotFoundError";
  }
}

/** PostgreSQL's unique_violation, raised the same way by `pg` and PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505"
  );
}
