import { csvLine } from "../results/csv-text.ts";
import type { StoredReport } from "./browser-submission.ts";

/** Columns of a validation report's CSV download. */
export const REPORT_CSV_COLUMNS = [
  "severity",
  "rule",
  "file",
  "group_count",
  "line",
  "column",
  "value",
  "message",
] as const;

/**
 * A stored validation report as CSV: one line per example problem (file, line, column, value,
 * message) with its group's complete count; a group whose examples were capped says so in one
 * more line; knock-on counts get a line each. Written with the product's one CSV writer.
 */
export function reportCsv(report: StoredReport): string {
  let text = csvLine(REPORT_CSV_COLUMNS);
  for (const g of report.groups) {
    for (const e of g.examples)
      text += csvLine([g.severity, g.rule, g.file, g.count, e.line, e.column, e.value, e.message]);
    if (g.count > g.examples.length)
      text += csvLine([
        g.severity,
        g.rule,
        g.file,
        g.count,
        null,
        null,
        null,
        `${g.count - g.examples.length} more not listed (the first ${g.examples.length} by line are)`,
      ]);
    for (const k of g.knockOn)
      text += csvLine([
        g.severity,
        g.rule,
        g.file,
        g.count,
        null,
        k.column,
        null,
        `so ${k.count} row(s) of ${k.file} refer by ${k.column} to rows rejected here (${k.rule})`,
      ]);
  }
  return text;
}
