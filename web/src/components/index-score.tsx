import { formatIndex } from "../format/format-value.ts";

interface IndexScoreProps {
  score: number | null;
  suppressed: boolean | undefined;
}

const SUPPRESSED = "suppressed";

/** What an {@link IndexScore} shows, as text: a table's CSV download writes it. */
export function indexScoreText({ score, suppressed }: IndexScoreProps): string {
  return suppressed ? SUPPRESSED : formatIndex(score);
}

/**
 * An index score as shown: one decimal, or a marker where the server withholds it from this
 * reader (the index uses a student group result that is suppressed, and the exact score would
 * give that result's points back; the index level is still shown).
 */
export function IndexScore({ score, suppressed }: IndexScoreProps) {
  if (!suppressed) return <>{formatIndex(score)}</>;
  return (
    <span
      className="suppressed"
      title="Hidden to protect student privacy: the index uses a suppressed student group result. The index level is shown."
    >
      {SUPPRESSED}
    </span>
  );
}
