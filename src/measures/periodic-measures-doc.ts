import type { Framework } from "../domain/framework/framework-schema.ts";
import { PERIODIC_MEASURES, type PeriodicMeasureId } from "./periodic-results-table.ts";

/** The definition of each periodic measure in words, from the framework's values. */
function definition(id: PeriodicMeasureId, framework: Framework): string {
  const chronic = framework.measures.chronic_absence;
  const suspension = framework.measures.suspension;
  const dOrF = framework.measures.hs_readiness?.d_or_f_marks ?? ["D+", "D", "D-", "F"];
  switch (id) {
    case "monthly_absence_rate":
      return "Of the days students were enrolled at the school in the calendar month, the percent they were absent (Σ days absent ÷ Σ days enrolled, from `attendance_periods.csv`; a period counts in the month it starts in). n = students with a day enrolled that month. Students count at a level by their grade at the school in `enrollments.csv`, in the chronic-absence measure's grades.";
    case "chronic_absence_to_date":
      return `At the end of each month, of the students enrolled at the school for at least ${chronic?.min_days_enrolled ?? "the minimum"} days so far this year (added over the months from the start of the year; a student who left keeps counting with the days up to leaving), the percent absent on ${chronic?.absence_threshold_percent ?? "the threshold"}% or more of those days. The last month's figure is the year's chronic absence rate when the months add up to the year's stints.`;
    case "suspensions_per_month":
      return `The ${suspension?.actions.join(", ") ?? "suspension"} actions the school took in the month (by \`action_date\`), per 100 students enrolled there on any day of the month (from \`enrollments.csv\` entry and exit dates; an open stint runs to June 30). A student suspended twice counts twice, so this is a count per student (u-chart), not a share.`;
    case "df_rate_term":
      return `Of the students in grades 6–12 with at least one letter mark at the school in the term, the percent with at least one ${dOrF.join(", ")} mark. \`course_marks.csv\` gives a term code without dates, so a term is placed on its nominal window: S1 July–January, S2 February–June, Q1 July–October, Q2 November–January, Q3 February–March, Q4 April–June, T1 July–November, T2 December–February, T3 March–June, Y the whole year.`;
  }
}

/** docs/measures.md's section on the periodic (within-year) measures. */
export function periodicMeasuresLines(framework: Framework): string[] {
  return [
    "## Periodic measures (within the year)",
    "",
    "Each run also writes, for every school × level × student group and period with at least one student, the measures below into `periodic_results` (numerator, denominator, n = students, value = numerator ÷ denominator × 100). They feed the run and control charts (`docs/charts.md`): a proportion goes on a p-chart, a count per student on a u-chart. Nothing is hidden when they are computed; what a reader may see is decided by the disclosure pass when they are read. Every partial is an integer count or sum, so a rerun gives the same figures to the last digit.",
    "",
    "| measure | unit | chart | denominator | period | good |",
    "|---|---|---|---|---|---|",
    ...PERIODIC_MEASURES.map(
      (m) =>
        `| \`${m.id}\` | ${m.unit} | ${m.chart} | ${m.denominatorKind.replace("_", " ")} | ${m.period} | ${m.direction === "lower_is_better" ? "lower" : "higher"} |`,
    ),
    "",
    ...PERIODIC_MEASURES.flatMap((m) => [
      `- **${m.label}** (\`${m.id}\`): ${definition(m.id, framework)}`,
    ]),
    "",
  ];
}
