import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { type Framework, frameworkSchema } from "./framework-schema.ts";

/** One problem in a framework file: where (dotted path inside the YAML), what, and the bad value. */
export interface FrameworkIssue {
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/** A framework file that cannot be used; the message lists every issue with its path and value. */
export class FrameworkError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly FrameworkIssue[],
  ) {
    super(
      `invalid framework file ${file}:\n${issues
        .map((i) => `  ${i.path || "(root)"}: ${i.message} (got ${describeValue(i.value)})`)
        .join("\n")}`,
    );
    this.name = "FrameworkError";
  }
}

/** Parses and validates framework YAML text; `file` names the source in error messages. */
export function parseFramework(text: string, file: string): Framework {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new FrameworkError(
      file,
      document.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
        value: undefined,
      })),
    );
  }
  const raw: unknown = document.toJS();
  const result = frameworkSchema.safeParse(raw);
  if (!result.success)
    throw new FrameworkError(
      file,
      result.error.issues.map((i) => toIssue(i, raw)),
    );
  return result.data;
}

/**
 * Reads and validates a framework file (YAML). `readFile` is the file system, passed in so that
 * tests and the server can supply their own.
 */
export function loadFramework(
  path: string,
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): Framework {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new FrameworkError(path, [
      { path: "", message: `cannot read file: ${(error as Error).message}`, value: path },
    ]);
  }
  return parseFramework(text, path);
}

/** A zod issue as a framework-file issue: its dotted path, message and the bad value in `raw`. */
export function toIssue(issue: z.core.$ZodIssue, raw: unknown): FrameworkIssue {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return {
      path: path.join("."),
      message: `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
      value: issue.keys.length === 1 ? valueAt(raw, [...path, issue.keys[0]!]) : issue.keys,
    };
  }
  const value = "input" in issue && issue.input !== undefined ? issue.input : valueAt(raw, path);
  return { path: path.join("."), message: issue.message, value };
}

function valueAt(raw: unknown, path: readonly string[]): unknown {
  let node = raw;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
