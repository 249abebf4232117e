import {
  parseLocatedYaml,
  readDataFile,
  YamlFileError,
  type YamlIssue,
} from "../domain/located-yaml.ts";
import { type OntrackDefinition, ontrackDefinitionSchema } from "./ontrack-definition.ts";

/** A definition file that cannot be used; the message lists every problem by line and column. */
export class OntrackDefinitionError extends YamlFileError {
  constructor(file: string, issues: readonly YamlIssue[]) {
    super("on-track definition", file, issues);
    this.name = "OntrackDefinitionError";
  }
}

/** Parses and validates a definition's YAML text; `file` names it in errors. */
export function parseOntrackDefinition(text: string, file: string): OntrackDefinition {
  const yaml = parseLocatedYaml(text, (issues) => new OntrackDefinitionError(file, issues));
  const result = ontrackDefinitionSchema.safeParse(yaml.raw);
  if (!result.success) throw new OntrackDefinitionError(file, yaml.issuesOf(result.error));
  return result.data;
}

/** Reads and validates a definition file. */
export function loadOntrackDefinition(file: string): OntrackDefinition {
  const text = readDataFile(file, (issues) => new OntrackDefinitionError(file, issues));
  return parseOntrackDefinition(text, file);
}
