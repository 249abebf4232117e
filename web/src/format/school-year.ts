/** A school year by its spring year: 2025 → "2024–2025". */
export function schoolYear(year: number): string {
  return `${year - 1}–${year}`;
}
