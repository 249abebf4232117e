import type { Severity, ValidationIssue } from "./validation-issue.ts";

/** All issues of one rule in one file: how many there are and the first few, by line. */
export interface IssueGroup {
  readonly rule: string;
  readonly file: string;
  readonly severity: Severity;
  count: number;
  readonly examples: ValidationIssue[];
}

/**
 * The validation result of one submission, grouped by rule and file. Counts are complete;
 * examples are capped at `examplesPerGroup` per group (the first lines of the file).
 */
export class ValidationReport {
  private readonly byKey = new Map<string, IssueGroup>();

  constructor(
    readonly submission: string,
    readonly examplesPerGroup = 100,
  ) {}

  /** Adds `count` occurrences of a rule's issues, of which `examples` are shown. */
  addGroup(
    rule: string,
    file: string,
    severity: Severity,
    count: number,
    examples: readonly ValidationIssue[],
  ): void {
    if (count <= 0) return;
    const key = `${severity}\u0000${rule}\u0000${file}`;
    let group = this.byKey.get(key);
    if (!group) {
      group = { rule, file, severity, count: 0, examples: [] };
      this.byKey.set(key, group);
    }
    group.count += count;
    group.examples.push(...examples);
    group.examples.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    group.examples.splice(this.examplesPerGroup);
  }

  /** Adds one issue. */
  add(issue: ValidationIssue): void {
    this.addGroup(issue.rule, issue.file, issue.severity, 1, [issue]);
  }

  /** Groups, errors first, then by file and rule. */
  get groups(): IssueGroup[] {
    return [...this.byKey.values()].sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
        a.file.localeCompare(b.file) ||
        a.rule.localeCompare(b.rule),
    );
  }

  get errorCount(): number {
    return this.count("error");
  }

  get warningCount(): number {
    return this.count("warning");
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** Every example issue, flattened (tests and JSON output read this). */
  get issues(): ValidationIssue[] {
    return this.groups.flatMap((g) => g.examples);
  }

  toJSON(): object {
    return {
      submission: this.submission,
      errors: this.errorCount,
      warnings: this.warningCount,
      groups: this.groups,
    };
  }

  private count(severity: Severity): number {
    let total = 0;
    for (const g of this.byKey.values()) if (g.severity === severity) total += g.count;
    return total;
  }
}
