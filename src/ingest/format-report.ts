import type { ValidationReport } from "./validation-report.ts";

/** Renders a report as text: a summary line, then each group with its count and first examples. */
export function formatReport(report: ValidationReport, examplesPerGroup = 5): string {
  const lines = [
    `${report.submission}: ${report.errorCount} error(s), ${report.warningCount} warning(s)`,
  ];
  for (const group of report.groups) {
    lines.push(`  ${group.severity} ${group.rule} in ${group.file}: ${group.count}`);
    for (const issue of group.examples.slice(0, examplesPerGroup)) {
      lines.push(`    ${issue.message}`);
    }
    if (group.count > examplesPerGroup) {
      lines.push(
        `    … and ${group.count - Math.min(examplesPerGroup, group.examples.length)} more`,
      );
    }
    for (const k of group.knockOn) {
      lines.push(
        `    so ${k.count} row(s) of ${k.file} refer by ${k.column} to rows rejected here (${k.rule} errors that follow from these, not listed)`,
      );
    }
  }
  return lines.join("\n");
}
