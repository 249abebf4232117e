/** The three bands of the 1–10 levels (the framework's defaults: 1–3, 4–7, 8–10). */
export type Band = "below average" | "average" | "above average";

/** The band of a level, when the server did not say. */
export function bandOfLevel(level: number): Band {
  if (level <= 3) return "below average";
  if (level <= 7) return "average";
  return "above average";
}

/** Background and text colour of each level (text contrast at least 4.5:1 on its background). */
export const LEVEL_COLORS: Readonly<Record<number, { background: string; text: string }>> = {
  1: { background: "#7f1d1d", text: "#ffffff" },
  2: { background: "#b91c1c", text: "#ffffff" },
  3: { background: "#fca5a5", text: "#111111" },
  4: { background: "#fed7aa", text: "#111111" },
  5: { background: "#fde68a", text: "#111111" },
  6: { background: "#fef3c7", text: "#111111" },
  7: { background: "#d9f99d", text: "#111111" },
  8: { background: "#86efac", text: "#111111" },
  9: { background: "#15803d", text: "#ffffff" },
  10: { background: "#14532d", text: "#ffffff" },
};
