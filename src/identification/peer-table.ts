import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import type { PeerList } from "./find-peers.ts";
import { groupLabel } from "./group-label.ts";

/** A peer list as a plain-text table a principal can read, with a heading saying what it is. */
export function peerTable(list: PeerList, framework: Framework): string {
  const label = metricLabel(framework, list.metric);
  const own =
    list.schoolLevelOnMetric === null
      ? "has no level on it"
      : `is at level ${list.schoolLevelOnMetric}${list.schoolValue === null ? "" : ` (${list.schoolValue.toFixed(1)})`}`;
  const lines = [
    `${list.school.schoolName} (${list.school.schoolCode}, ${list.school.schoolLevel}) ${own} in ${label} for ${groupLabel(list.group)}.`,
    `Similar ${list.school.schoolLevel} schools at level ${list.minLevel} or above, most similar student population first (run ${list.runId}):`,
    "",
  ];
  if (list.peers.length === 0) {
    lines.push(
      `  none of the ${list.schoolsAtLevel} other ${list.school.schoolLevel} schools is at level ${list.minLevel} or above.`,
    );
    return `${lines.join("\n")}\n`;
  }
  const header = [
    "#",
    "School",
    "Code",
    "District",
    "Similarity rank",
    "Level",
    "Value",
    "Index level",
    "Tier",
    "km",
  ];
  const rows = list.peers.map((p, i) => [
    String(i + 1),
    p.schoolName,
    p.schoolCode,
    p.districtCode,
    `${p.contextRank} of ${list.schoolsAtLevel} (${p.contextDistance.toFixed(2)})`,
    String(p.level),
    p.value === null ? "-" : p.value.toFixed(1),
    p.indexLevel === null ? "-" : String(p.indexLevel),
    (p.tier ?? "-").replace("_", " "),
    p.distanceKm.toFixed(1),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const format = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  lines.push(format(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(format));
  return `${lines.join("\n")}\n`;
}
