/** What a suppressed cell shows instead of a number: never blank, and why. */
export function SuppressedCell({ reason }: { reason: string | null }) {
  const why =
    reason === "complementary" ? "suppressed (protects a small group)" : "suppressed (n < 20)";
  return (
    <span className="suppressed" title="Hidden to protect student privacy">
      {why}
    </span>
  );
}
