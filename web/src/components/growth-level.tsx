import { growthReading } from "../format/growth-reading.ts";
import { LevelBadge, levelBadgeText } from "./level-badge.tsx";

/**
 * A growth level as colour and number, with words its interval supports: "below average" only
 * when the interval excludes average, else "not distinguishable from average" and the interval.
 */
export function GrowthLevel(props: GrowthLevelProps) {
  const { level, band, interval } = props;
  if (level === null) return <LevelBadge level={null} />;
  const reading = growthReading(level, band, interval);
  return (
    <>
      <LevelBadge level={level} band={reading.words} />
      {reading.interval ? (
        <>
          {" "}
          <span className="interval-words">{reading.interval}</span>
        </>
      ) : null}
    </>
  );
}

interface GrowthLevelProps {
  level: number | null;
  band?: string | null;
  interval: { ci_low: number | null; ci_high: number | null } | undefined;
}

/** What a {@link GrowthLevel} shows, as text: a table's CSV download writes it. */
export function growthLevelText({ level, band, interval }: GrowthLevelProps): string {
  if (level === null) return levelBadgeText({ level });
  const reading = growthReading(level, band, interval);
  const badge = levelBadgeText({ level, band: reading.words });
  return reading.interval ? `${badge} ${reading.interval}` : badge;
}
