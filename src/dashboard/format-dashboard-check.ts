import type { DashboardCheck } from "./check-dashboard-files.ts";
import { CHECKED_FIELDS } from "./check-dashboard-files.ts";

const HEADINGS: Record<(typeof CHECKED_FIELDS)[number], string> = {
  shown: "status shown",
  status_level: "status level",
  change_level: "change level",
  box: "box",
  color: "color",
};

/**
 * The check as text: agreement by indicator, year and record type, then every disagreeing row
 * (file, line, school code, group, field, the published and the rules' value, and the row's
 * status, change and n). `recordTypes` names the record type codes (X state, D LEA, S school).
 */
export function formatDashboardCheck(
  check: DashboardCheck,
  recordTypes: Readonly<Record<string, string>>,
  limit = Infinity,
): string {
  const out: string[] = [];
  const total = check.disagreements.length;
  out.push(
    `Checked ${check.rows} rows in ${check.files} file(s): ${total === 0 ? "every compared value agrees" : `${total} disagreement(s)`}.`,
    "",
  );
  const head = ["indicator", "year", "records", "rows", ...CHECKED_FIELDS.map((f) => HEADINGS[f])];
  const body = check.tallies.map((t) => [
    t.indicator,
    t.year,
    recordTypes[t.recordType] ?? t.recordType,
    String(t.rows),
    ...CHECKED_FIELDS.map((f) =>
      t.compared[f] === 0
        ? "-"
        : `${t.agreed[f]}/${t.compared[f]} (${percent(t.agreed[f], t.compared[f])})`,
    ),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  out.push(line(head), ...body.map(line));
  if (total > 0) {
    out.push("", `Disagreements (${total}${total > limit ? `, first ${limit} listed` : ""}):`);
    for (const d of check.disagreements.slice(0, limit)) {
      const r = d.row;
      out.push(
        `  ${d.file}:${d.line}  ${d.indicator} ${d.year} ${d.recordType} ${d.cds} ${d.group}  ${HEADINGS[d.field]}: published ${String(d.published)}, rules ${String(d.rules)}` +
          `  (status ${show(r.status)}, change ${show(r.change)}, n ${show(r.currentN)}, prior n ${show(r.priorN)}, levels ${show(r.statusLevel)}/${show(r.changeLevel)}, box ${show(r.box)}, color ${show(r.color)}, cut set ${d.cutSet ?? "none"})`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

function percent(a: number, b: number): string {
  return `${((100 * a) / b).toFixed(1)}%`;
}

function show(v: number | null): string {
  return v === null ? "blank" : String(v);
}
