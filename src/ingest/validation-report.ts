import type { Severity, ValidationIssue } from "./validation-issue.ts";

/**
 * Problems that only follow from a group's issues (rows of other files referring to rows this
 * group rejected): counted under it instead of listed as issues of their own.
 */
export interface KnockOn {
  readonly rule: string;
  readonly file: string;
  readonly column: string;
  readonly count: number;
}

/** All issues of one rule in one file: how many there are and the first few, by line. */
export interface IssueGroup {
  readonly rule: string;
  readonly file: string;
  readonly severity: Severity;
  count: number;
  readonly examples: ValidationIssue[];
  /** Knock-on problems in other files, not counted in the report's errors or warnings. */
  readonly knockOn: KnockOn[];
}

/**
 * Rules whose issues are the root of others (a file that cannot be read as UTF-8 text or CSV, a
 * missing file or column): their groups come first, before the row rules they can set off.
 */
const ROOT_RULES = ["encoding", "line-size", "missing-file", "header", "parse"];
const rank = (rule: string) => {
  const i = ROOT_RULES.indexOf(rule);
  return i === -1 ? ROOT_RULES.length : i;
};

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
      group = { rule, file, severity, count: 0, examples: [], knockOn: [] };
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

  /**
   * Counts knock-on problems under the error group of `rule` in `file` (their root cause);
   * false when there is no such group.
   */
  addKnockOn(rule: string, file: string, knockOn: KnockOn): boolean {
    const group = this.byKey.get(`error\u0000${rule}\u0000${file}`);
    if (!group || knockOn.count <= 0) return false;
    group.knockOn.push(knockOn);
    return true;
  }

  /** Groups: errors first; root causes (encoding, line size, header, parse) first; then by file and rule. */
  get groups(): IssueGroup[] {
    return [...this.byKey.values()].sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
        rank(a.rule) - rank(b.rule) ||
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
