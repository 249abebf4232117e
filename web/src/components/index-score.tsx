import { formatIndex } from "../format/format-value.ts";

/**
 * An index score as shown: one decimal, or a marker where the server withholds it from this
 * reader (the index uses a student group result that is suppressed, and the exact score would
 * give that result's points back; the index level is still shown).
 */
export function IndexScore({
  score,
  suppressed,
}: {
  score: number | null;
  suppressed: boolean | undefined;
}) {
  if (!suppressed) return <>{formatIndex(score)}</>;
  return (
    <span
      className="suppressed"
      title="Hidden to protect student privacy: the index uses a suppressed student group result. The index level is shown."
    >
      suppressed
    </span>
  );
}
