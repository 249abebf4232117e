/** How bad an issue is: errors reject the submission, warnings are reported and let it through. */
export type Severity = "error" | "warning";

/**
 * One problem found in a submission. `line` is the 1-based line of the file (the header is line
 * 1); `line` and `column` are null for problems of a whole file (a missing file, an empty file).
 */
export interface ValidationIssue {
  readonly severity: Severity;
  readonly rule: string;
  readonly file: string;
  readonly line: number | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly message: string;
}

/** Builds an issue whose message names the file, line, column and the problem. */
export function validationIssue(fields: {
  severity: Severity;
  rule: string;
  file: string;
  line?: number | null;
  column?: string | null;
  value?: string | null;
  problem: string;
}): ValidationIssue {
  const line = fields.line ?? null;
  const column = fields.column ?? null;
  const where = [fields.file];
  if (line !== null) where.push(` line ${line}`);
  if (column !== null) where.push(`${line !== null ? "," : ""} column ${column}`);
  return {
    severity: fields.severity,
    rule: fields.rule,
    file: fields.file,
    line,
    column,
    value: fields.value ?? null,
    message: `${where.join("")}: ${fields.problem}`,
  };
}
