import { bandOfLevel, LEVEL_COLORS } from "../format/level-band.ts";

interface LevelBadgeProps {
  level: number | null;
  band?: string | null | undefined;
}

const NO_LEVEL = "no level";

/** What a {@link LevelBadge} shows, as text ("7 · average"): a table's CSV download writes it. */
export function levelBadgeText({ level, band }: LevelBadgeProps): string {
  return level === null ? NO_LEVEL : `${level} · ${band ?? bandOfLevel(level)}`;
}

/**
 * A level 1–10 shown as colour and text ("7 · average"), so it reads without colour too; screen
 * readers hear "level 7 of 10, average".
 */
export function LevelBadge({ level, band }: LevelBadgeProps) {
  if (level === null) return <span className="level level-none">{NO_LEVEL}</span>;
  const colors = LEVEL_COLORS[level] ?? { background: "#e5e7eb", text: "#111111" };
  const words = band ?? bandOfLevel(level);
  return (
    <span
      className="level"
      data-level={level}
      style={{ background: colors.background, color: colors.text }}
    >
      <span className="sr-only">level </span>
      {level}
      <span className="sr-only"> of 10,</span>
      <span aria-hidden="true"> · </span>
      {words}
    </span>
  );
}
