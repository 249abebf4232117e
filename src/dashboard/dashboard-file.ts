import { basename } from "node:path";
import type { DashboardColumn, DashboardRules } from "./dashboard-rules-schema.ts";
import { type YearGrader, yearGrader } from "./grade-dashboard-row.ts";

/** A Dashboard download file that cannot be read: which file, line, column and value. */
export class DashboardFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string,
    readonly value: string,
    reason: string,
  ) {
    super(`${file} line ${line}, column ${column}: ${reason} (got "${value}")`);
    this.name = "DashboardFileError";
  }
}

/** One row of a CDE Dashboard download file, its columns normalised (see `columns` in the rules). */
export interface DashboardRow {
  /** 1-based line in the file (the header is line 1). */
  readonly line: number;
  readonly cds: string;
  readonly recordType: string;
  readonly group: string;
  readonly year: string;
  readonly currentN: number | null;
  readonly priorN: number | null;
  readonly status: number | null;
  readonly change: number | null;
  readonly statusLevel: number | null;
  readonly changeLevel: number | null;
  readonly color: number | null;
  readonly box: number | null;
  /** A column's text as written in the file (name lower-cased, value trimmed). */
  cell(column: string): string | undefined;
}

/** A whole download file: the indicator it holds and its rows. */
export interface DashboardFile {
  readonly file: string;
  readonly indicator: string;
  readonly rows: readonly DashboardRow[];
  /** The graders of the years the file holds. */
  readonly graders: ReadonlyMap<string, YearGrader>;
}

const ALWAYS: readonly DashboardColumn[] = [
  "cds",
  "record_type",
  "year",
  "current_n",
  "status",
  "status_level",
];
const WITH_COLORS: readonly DashboardColumn[] = [
  "prior_n",
  "change",
  "change_level",
  "color",
  "box",
];
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/**
 * Reads a tab-separated CDE Dashboard download file. The indicator comes from `indicator` when
 * given, else from the file's `indicator` column, else from its name (`chronicdownload2019.txt`).
 * Column names are matched lower-cased through the rules' aliases; blank or space-only cells are
 * null. Throws DashboardFileError naming file, line, column and value for anything unreadable.
 */
export function readDashboardFile(
  text: string,
  file: string,
  rules: DashboardRules,
  indicator?: string,
): DashboardFile {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  const header = (lines[0] ?? "").split("\t").map((h) => h.trim().toLowerCase());
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    if (!at.has(h)) at.set(h, i);
  });
  const columnIndex = (c: DashboardColumn): number | undefined => {
    for (const name of rules.columns[c]) {
      const i = at.get(name.toLowerCase());
      if (i !== undefined) return i;
    }
    return undefined;
  };
  const idx = Object.fromEntries(
    (Object.keys(rules.columns) as DashboardColumn[]).map((c) => [c, columnIndex(c)]),
  ) as Record<DashboardColumn, number | undefined>;
  const columnName = (c: DashboardColumn): string => {
    const i = idx[c];
    return i === undefined ? rules.columns[c].join("/") : header[i]!;
  };

  const id = indicator ?? detectIndicator(file, lines[1], idx.indicator, rules);
  const ind = rules.indicators[id];
  if (!ind)
    throw new DashboardFileError(
      file,
      1,
      "indicator",
      id,
      `unknown indicator; the rules know ${Object.keys(rules.indicators).join(", ")}`,
    );

  const graders = new Map<string, YearGrader>();
  const graderFor = (year: string, line: number): YearGrader => {
    const known = graders.get(year);
    if (known) return known;
    const g = yearGrader(rules, id, year);
    if (!g)
      throw new DashboardFileError(
        file,
        line,
        columnName("year"),
        year,
        `the rules have no ${id} year ${year} (they have ${Object.keys(ind.years).join(", ")})`,
      );
    const needed = [...ALWAYS, ...(g.statusOnly ? [] : WITH_COLORS)];
    if (ind.group_when_absent === undefined) needed.push("group");
    for (const c of needed)
      if (idx[c] === undefined)
        throw new DashboardFileError(
          file,
          1,
          rules.columns[c].join("/"),
          header.join(" "),
          `missing column "${c}" for ${id} ${year}`,
        );
    graders.set(year, g);
    return g;
  };

  const rows: DashboardRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const text = lines[n]!;
    if (text === "") continue;
    const line = n + 1;
    const cells = text.split("\t");
    if (cells.length !== header.length)
      throw new DashboardFileError(
        file,
        line,
        "(row)",
        text.length > 60 ? `${text.slice(0, 57)}...` : text,
        `the row has ${cells.length} fields, the header ${header.length}`,
      );
    const get = (c: DashboardColumn): string | null => {
      const i = idx[c];
      if (i === undefined) return null;
      const v = cells[i]!.trim();
      return v === "" ? null : v;
    };
    const num = (c: DashboardColumn): number | null => {
      const v = get(c);
      if (v === null) return null;
      if (!NUMBER.test(v))
        throw new DashboardFileError(file, line, columnName(c), v, "not a number");
      return Number(v);
    };
    const year = get("year");
    if (year === null) throw new DashboardFileError(file, line, columnName("year"), "", "no year");
    graderFor(year, line);
    rows.push({
      line,
      cds: get("cds") ?? "",
      recordType: get("record_type") ?? "",
      group: get("group") ?? ind.group_when_absent ?? "",
      year,
      currentN: num("current_n"),
      priorN: num("prior_n"),
      status: num("status"),
      change: num("change"),
      statusLevel: num("status_level"),
      changeLevel: num("change_level"),
      color: num("color"),
      box: num("box"),
      cell: (column) => {
        const i = at.get(column);
        return i === undefined ? undefined : cells[i]!.trim();
      },
    });
  }
  return { file, indicator: id, rows, graders };
}

function detectIndicator(
  file: string,
  firstRow: string | undefined,
  indicatorColumn: number | undefined,
  rules: DashboardRules,
): string {
  const entries = Object.entries(rules.indicators);
  if (indicatorColumn !== undefined && firstRow !== undefined) {
    const code = (firstRow.split("\t")[indicatorColumn] ?? "").trim();
    const hit = entries.find(([, r]) => r.file_code === code);
    if (hit) return hit[0];
  }
  const name = basename(file).toLowerCase();
  const hit = entries.find(([, r]) => name.includes(r.file_name.toLowerCase()));
  if (hit) return hit[0];
  throw new DashboardFileError(
    file,
    1,
    "indicator",
    basename(file),
    `cannot tell the indicator: name the file as CDE does (${entries.map(([, r]) => r.file_name).join(", ")}) or pass --indicator`,
  );
}
