/** What a suppressed cell says instead of a number: never blank, and why. */
export function suppressedText({ reason }: { reason: string | null }): string {
  return reason === "complementary" ? "suppressed (protects a small group)" : "suppressed (n < 20)";
}

/** What a suppressed cell shows instead of a number: never blank, and why. */
export function SuppressedCell({ reason }: { reason: string | null }) {
  return (
    <span className="suppressed" title="Hidden to protect student privacy">
      {suppressedText({ reason })}
    </span>
  );
}
