import { readFileSync } from "node:fs";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";

/** One problem of a data file in YAML, where it is (line and column, 1-based) and the bad value. */
export interface YamlIssue {
  readonly line: number;
  readonly column: number;
  /** Dotted path inside the YAML ("measures.severe_absence.weight"). */
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/** A YAML data file that cannot be used; the message lists every issue by file, line, column. */
export class YamlFileError extends Error {
  constructor(
    /** What the file is, for the message ("district overlay", "on-track definition"). */
    readonly what: string,
    readonly file: string,
    readonly issues: readonly YamlIssue[],
  ) {
    super(
      `invalid ${what} ${file}:\n${issues
        .map(
          (i) =>
            `  ${file}:${i.line}:${i.column} ${i.path || "(root)"}: ${i.message} (got ${describeValue(i.value)})`,
        )
        .join("\n")}`,
    );
    this.name = "YamlFileError";
  }
}

/** A parsed YAML file: its value, and how to place an issue at a path of it. */
export interface LocatedYaml {
  readonly raw: unknown;
  /** An issue at `path`, placed on the deepest node of the path that exists in the file. */
  at(path: readonly (string | number)[], message: string, value: unknown): YamlIssue;
  /** A schema's issues, each placed where the file has it (unknown keys: at the key). */
  issuesOf(error: z.ZodError): YamlIssue[];
}

/**
 * Parses YAML text, keeping where each node is; a syntax error becomes `fail` of its issues
 * (the caller's error class), so every data file's problems name file, line, column and value.
 */
export function parseLocatedYaml(text: string, fail: (issues: YamlIssue[]) => Error): LocatedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0)
    throw fail(
      document.errors.map((e) => ({
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        path: "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
        value: undefined,
      })),
    );
  const raw: unknown = document.toJS();
  const at = (path: readonly (string | number)[], message: string, value: unknown): YamlIssue => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col, path: path.join("."), message, value };
      }
    }
    return { line: 1, column: 1, path: path.join("."), message, value };
  };
  const issuesOf = (error: z.ZodError): YamlIssue[] =>
    error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
      if (issue.code === "unrecognized_keys") {
        const key = issue.keys[0]!;
        return at(
          [...path, key],
          `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
          valueAt(raw, [...path.map(String), key]),
        );
      }
      const value =
        "input" in issue && issue.input !== undefined
          ? issue.input
          : valueAt(raw, path.map(String));
      return at(path, issue.message, value);
    });
  return { raw, at, issuesOf };
}

/** A data file's text; a file that cannot be read becomes `fail` with one issue at 1:1. */
export function readDataFile(
  path: string,
  fail: (issues: YamlIssue[]) => Error,
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): string {
  try {
    return readFile(path);
  } catch (error) {
    throw fail([
      {
        line: 1,
        column: 1,
        path: "",
        message: `cannot read file: ${(error as Error).message}`,
        value: path,
      },
    ]);
  }
}

/** The value at `path` of parsed YAML (undefined where the path leaves it). */
export function valueAt(raw: unknown, path: readonly string[]): unknown {
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
