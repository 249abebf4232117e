/** A grade as a school writes it: "TK" (-1), "K" (0), else its number ("3"). */
export function gradeLabel(grade: number): string {
  if (grade === -1) return "TK";
  if (grade === 0) return "K";
  return String(grade);
}
