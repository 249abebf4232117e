import { type KeyboardEvent, useRef, useState } from "react";
import type { ReportGroup, ReportMeasure, TierRow } from "../api/types.ts";
import { formatValue } from "../format/format-value.ts";
import { groupLabel, groupOrder } from "../format/group-label.ts";
import { growthReading } from "../format/growth-reading.ts";
import { bandOfLevel, LEVEL_COLORS } from "../format/level-band.ts";
import { CsvDownload } from "./csv-download.tsx";
import { suppressedText } from "./suppressed-cell.tsx";

/** A group the school's support tier was given for, with the group results behind it. */
export type TierTrigger = TierRow["triggers"][number];

/** What a cell says in words: the measure's value, the students behind it, the level. */
function cellText(m: ReportMeasure, cell: ReportGroup | undefined): string {
  if (!cell) return "no result";
  if (cell.suppressed)
    return cell.suppression_reason === "complementary"
      ? "suppressed to protect a small group"
      : "suppressed: fewer than 20 students";
  const value = formatValue(m.metric, cell.value);
  const n = cell.n === null ? "" : `, ${cell.n} students`;
  if (cell.level === null) return `${value}${n}; no level`;
  // A growth level's words follow its interval (growthReading); other levels read as their band.
  const growth = m.growth?.find((g) => g.student_group === cell.student_group);
  const reading = m.growth
    ? growthReading(cell.level, null, growth)
    : { words: bandOfLevel(cell.level), interval: null };
  return `${value}${n}; level ${cell.level} of 10, ${reading.words}${reading.interval ? `: ${reading.interval}` : ""}`;
}

/** A cell's face as text, for the CSV download: the level, or why there is none. */
function faceText(cell: ReportGroup | undefined, isTrigger: boolean): string {
  if (!cell) return "no result";
  if (cell.suppressed) return suppressedText({ reason: cell.suppression_reason });
  if (cell.level === null) return "no level";
  return isTrigger ? `${cell.level} ${TRIGGER}` : String(cell.level);
}

const TRIGGER = "▲";

/**
 * Every student group at a glance, as the California Dashboard's student group report: one row
 * per group, one column per measure, each cell the group's level as colour and number; its value
 * and students on hover or focus; suppressed cells hatched. The groups and measures the school's
 * tier was given for are marked (▲). One tab stop: the arrow keys, Home and End move between
 * cells (the ARIA grid pattern). Below it, a CSV download of the levels as shown (suppressed
 * cells say so, marked groups and results keep their ▲).
 */
export function GroupGrid({
  measures,
  triggers,
  tierWords,
}: {
  measures: readonly ReportMeasure[];
  triggers: readonly TierTrigger[];
  /** The tier the triggers are for, in words ("focus"). */
  tierWords: string;
}) {
  const groups = [...new Set(measures.flatMap((m) => m.groups.map((g) => g.student_group)))].sort(
    (a, b) => groupOrder(a) - groupOrder(b),
  );
  const cells = new Map(
    measures.flatMap((m) => m.groups.map((g) => [`${g.student_group}|${m.metric}`, g] as const)),
  );
  // Marked by the reporting group behind each result (for the lowest-performing race group, the
  // race chosen on that measure).
  const triggered = new Map<string, Set<string>>();
  for (const cell of triggers.flatMap((t) => t.cells))
    triggered.set(
      cell.student_group,
      (triggered.get(cell.student_group) ?? new Set()).add(cell.metric),
    );
  const [at, setAt] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const [shown, setShown] = useState<string | null>(null);
  const table = useRef<HTMLTableElement>(null);

  const move = (row: number, col: number) => {
    const r = Math.min(Math.max(row, 0), groups.length - 1);
    const c = Math.min(Math.max(col, 0), measures.length - 1);
    setAt({ row: r, col: c });
    table.current?.querySelector<HTMLElement>(`[data-cell="${r}-${c}"]`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const last = { row: groups.length - 1, col: measures.length - 1 };
    const target: Record<string, [number, number]> = {
      ArrowRight: [at.row, at.col + 1],
      ArrowLeft: [at.row, at.col - 1],
      ArrowDown: [at.row + 1, at.col],
      ArrowUp: [at.row - 1, at.col],
      Home: [e.ctrlKey ? 0 : at.row, 0],
      End: [e.ctrlKey ? last.row : at.row, last.col],
    };
    const to = target[e.key];
    if (to) {
      e.preventDefault();
      move(...to);
    }
  };
  const describe = (group: string, m: ReportMeasure) =>
    `${groupLabel(group)} · ${m.label}: ${cellText(m, cells.get(`${group}|${m.metric}`))}`;

  if (groups.length === 0 || measures.length === 0) return null;
  return (
    <div className="group-grid">
      <p className="grid-detail" aria-hidden="true">
        {shown ?? "Point at or move to a cell to read its value and number of students."}
      </p>
      <div className="table-scroll">
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data table with cell-by-cell arrow-key navigation is the ARIA "data grid" pattern, which keeps the table's rows and headers */}
        <table ref={table} role="grid" onKeyDown={onKeyDown}>
          <caption>
            Every student group at a glance: level 1–10 on each measure
            {triggers.length > 0 ? `; ▲ marks what put the school in ${tierWords}` : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Student group</th>
              {measures.map((m) => (
                <th key={m.metric} scope="col" data-metric={m.metric}>
                  {m.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((group, r) => {
              const marks = triggered.get(group);
              return (
                <tr
                  key={group}
                  data-group={group}
                  className={marks ? "triggered" : undefined}
                  data-triggered={marks ? "true" : undefined}
                >
                  <th scope="row">
                    {groupLabel(group)}
                    {marks ? (
                      <span className="trigger-mark">
                        {" "}
                        <span aria-hidden="true">▲</span>
                        <span className="sr-only">(a reason for the school's {tierWords})</span>
                      </span>
                    ) : null}
                  </th>
                  {measures.map((m, c) => {
                    const cell = cells.get(`${group}|${m.metric}`);
                    const isTrigger = marks?.has(m.metric) ?? false;
                    const text = describe(group, m);
                    return (
                      <td
                        key={m.metric}
                        data-cell={`${r}-${c}`}
                        data-metric={m.metric}
                        data-trigger={isTrigger ? "true" : undefined}
                        tabIndex={at.row === r && at.col === c ? 0 : -1}
                        title={text}
                        className={isTrigger ? "trigger" : undefined}
                        onFocus={() => {
                          setAt({ row: r, col: c });
                          setShown(text);
                        }}
                        onMouseEnter={() => setShown(text)}
                      >
                        <GridCell cell={cell} />
                        <span className="sr-only">
                          {m.label}: {cellText(m, cell)}
                          {isTrigger ? `; a reason for the school's ${tierWords}` : ""}
                        </span>
                        {isTrigger ? (
                          <span className="trigger-mark" aria-hidden="true">
                            ▲
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="table-tools">
        <CsvDownload
          name="Student group levels on each measure"
          header={["Student group", ...measures.map((m) => m.label)]}
          rows={() =>
            groups.map((group) => {
              const marks = triggered.get(group);
              return [
                marks ? `${groupLabel(group)} ${TRIGGER}` : groupLabel(group),
                ...measures.map((m) =>
                  faceText(cells.get(`${group}|${m.metric}`), marks?.has(m.metric) ?? false),
                ),
              ];
            })
          }
        />
      </div>
      <p className="muted grid-legend">
        <span className="chip suppressed-chip" aria-hidden="true" /> suppressed to protect student
        privacy · <span aria-hidden="true">·</span> no result for the group
        {triggers.length > 0 ? ` · ▲ a group or measure behind the school's ${tierWords}` : ""}
      </p>
    </div>
  );
}

/** A cell's face: the level's colour and number, a hatch when suppressed, a dot when absent. */
function GridCell({ cell }: { cell: ReportGroup | undefined }) {
  if (!cell) return <span className="chip chip-none" aria-hidden="true" />;
  if (cell.suppressed) return <span className="chip suppressed-chip" aria-hidden="true" />;
  if (cell.level === null)
    return (
      <span className="chip chip-none" aria-hidden="true">
        –
      </span>
    );
  const colors = LEVEL_COLORS[cell.level] ?? { background: "#e5e7eb", text: "#111111" };
  return (
    <span
      className="chip"
      aria-hidden="true"
      data-level={cell.level}
      style={{ background: colors.background, color: colors.text }}
    >
      {cell.level}
    </span>
  );
}
