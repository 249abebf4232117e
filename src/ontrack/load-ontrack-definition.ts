import { readFileSync } from "node:fs";
import { isNode, LineCounter, parseDocument } from "yaml";
import { type OntrackDefinition, ontrackDefinitionSchema } from "./ontrack-definition.ts";

/** One problem of a definition file, where it is: line and column (1-based), key path, value. */
export interface OntrackDefinitionIssue {
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/** A definition file that cannot be used; the message lists every problem by line and column. */
export class OntrackDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly OntrackDefinitionIssue[],
  ) {
    super(
      `invalid on-track definition ${file}:\n${issues
        .map(
          (i) =>
            `  ${file}:${i.line}:${i.column} ${i.path || "(root)"}: ${i.message} (got ${JSON.stringify(i.value) ?? "nothing"})`,
        )
        .join("\n")}`,
    );
    this.name = "OntrackDefinitionError";
  }
}

/** Parses and validates a definition's YAML text; `file` names it in errors. */
export function parseOntrackDefinition(text: string, file: string): OntrackDefinition {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0)
    throw new OntrackDefinitionError(
      file,
      document.errors.map((e) => ({
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        path: "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
        value: undefined,
      })),
    );
  const raw: unknown = document.toJS();
  const result = ontrackDefinitionSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new OntrackDefinitionError(
    file,
    result.error.issues.map((issue) => {
      // The node of the issue's path, or its nearest ancestor present in the file.
      const path = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
      let at = path.length;
      let node: unknown = document.getIn(path, true);
      while (!isNode(node) && at > 0) node = document.getIn(path.slice(0, --at), true);
      const offset = isNode(node) && node.range ? node.range[0] : 0;
      const { line, col } = lines.linePos(offset);
      return {
        line,
        column: col,
        path: path.join("."),
        message: issue.message,
        value: isNode(node) && at === path.length ? document.getIn(path) : undefined,
      };
    }),
  );
}

/** Reads and validates a definition file. */
export function loadOntrackDefinition(file: string): OntrackDefinition {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new OntrackDefinitionError(file, [
      {
        line: 1,
        column: 1,
        path: "",
        message: `cannot read: ${(error as Error).message}`,
        value: file,
      },
    ]);
  }
  return parseOntrackDefinition(text, file);
}
