import type { DashboardFile, DashboardRow } from "./dashboard-file.ts";
import type { Grade } from "./grade-dashboard-row.ts";

/** What `collab dashboard check` compares on each row. */
export const CHECKED_FIELDS = ["shown", "status_level", "change_level", "box", "color"] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

/** Agreement for one indicator, year and record type. */
export interface CheckTally {
  readonly indicator: string;
  readonly year: string;
  readonly recordType: string;
  rows: number;
  readonly compared: Record<CheckedField, number>;
  readonly agreed: Record<CheckedField, number>;
}

/** A row whose published value differs from the rules' value, with the inputs that produced it. */
export interface Disagreement {
  readonly file: string;
  readonly line: number;
  readonly indicator: string;
  readonly year: string;
  readonly recordType: string;
  readonly cds: string;
  readonly group: string;
  readonly field: CheckedField;
  readonly published: number | boolean;
  readonly rules: number | boolean;
  readonly row: DashboardRow;
  readonly cutSet: number | undefined;
}

export interface DashboardCheck {
  readonly files: number;
  readonly rows: number;
  readonly tallies: readonly CheckTally[];
  readonly disagreements: readonly Disagreement[];
}

/**
 * Recomputes every row's status level, change level, box and color from the row's own status,
 * change and n under the rules, and compares them with the published ones. A field is compared
 * on the rows that have it: the status level where the file gives a status (or a level), the
 * change level where it gives a change, box and color on rows with a status in a year with
 * colors; `shown` (a status is published exactly when the n-size allows) on every row.
 */
export function checkDashboardFiles(files: readonly DashboardFile[]): DashboardCheck {
  const tallies = new Map<string, CheckTally>();
  const disagreements: Disagreement[] = [];
  let rows = 0;
  for (const f of files) {
    for (const row of f.rows) {
      rows++;
      const grader = f.graders.get(row.year)!;
      const grade = grader.grade(row);
      const key = `${f.indicator}\t${row.year}\t${row.recordType}`;
      let tally = tallies.get(key);
      if (!tally) {
        tally = {
          indicator: f.indicator,
          year: row.year,
          recordType: row.recordType,
          rows: 0,
          compared: zeroes(),
          agreed: zeroes(),
        };
        tallies.set(key, tally);
      }
      tally.rows++;
      const compare = (
        field: CheckedField,
        published: number | boolean,
        ours: number | boolean,
      ) => {
        tally.compared[field]++;
        if (published === ours) tally.agreed[field]++;
        else
          disagreements.push({
            file: f.file,
            line: row.line,
            indicator: f.indicator,
            year: row.year,
            recordType: row.recordType,
            cds: row.cds,
            group: row.group,
            field,
            published,
            rules: ours,
            row,
            cutSet: grade.cutSet,
          });
      };
      compareRow(row, grade, grader.statusOnly, compare);
    }
  }
  const order = (t: CheckTally) => `${t.indicator}\t${t.year}\t${"XDS".indexOf(t.recordType)}`;
  return {
    files: files.length,
    rows,
    tallies: [...tallies.values()].sort((a, b) => order(a).localeCompare(order(b))),
    disagreements,
  };
}

function compareRow(
  row: DashboardRow,
  grade: Grade,
  statusOnly: boolean,
  compare: (field: CheckedField, published: number | boolean, ours: number | boolean) => void,
): void {
  if (grade.statusShown !== undefined) compare("shown", row.status !== null, grade.statusShown);
  if (row.status !== null || (row.statusLevel ?? 0) > 0)
    compare("status_level", row.statusLevel ?? 0, grade.statusLevel);
  if (statusOnly) return;
  if (row.change !== null || (row.changeLevel ?? 0) > 0)
    compare("change_level", row.changeLevel ?? 0, grade.changeLevel);
  if (row.status !== null || (row.color ?? 0) > 0 || (row.box ?? 0) > 0) {
    compare("box", row.box ?? 0, grade.box);
    compare("color", row.color ?? 0, grade.color);
  }
}

function zeroes(): Record<CheckedField, number> {
  return { shown: 0, status_level: 0, change_level: 0, box: 0, color: 0 };
}
