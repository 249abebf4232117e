import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { FrameworkError, toIssue } from "../domain/framework/load-framework.ts";
import { type DashboardRules, dashboardRulesSchema } from "./dashboard-rules-schema.ts";

/** The rule file shipped with the product. */
export const DEFAULT_DASHBOARD_RULES = "frameworks/ca-dashboard-rules.yaml";

/** Parses and validates Dashboard rule YAML; `file` names the source in error messages. */
export function parseDashboardRules(text: string, file: string): DashboardRules {
  const document = parseDocument(text, { merge: true });
  if (document.errors.length > 0)
    throw new FrameworkError(
      file,
      document.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
        value: undefined,
      })),
    );
  const raw: unknown = document.toJS({ maxAliasCount: -1 });
  const result = dashboardRulesSchema.safeParse(raw);
  if (!result.success)
    throw new FrameworkError(
      file,
      result.error.issues.map((i) => toIssue(i, raw)),
    );
  return result.data;
}

/** Reads and validates a Dashboard rule file; `readFile` is the file system, passed in. */
export function loadDashboardRules(
  path: string = DEFAULT_DASHBOARD_RULES,
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): DashboardRules {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new FrameworkError(path, [
      { path: "", message: `cannot read file: ${(error as Error).message}`, value: path },
    ]);
  }
  return parseDashboardRules(text, path);
}
