/**
 * A download's file name from the words that name what it holds: lower case, letters and digits
 * joined by hyphens, at most 80 characters ("Index score by school level" →
 * "index-score-by-school-level.csv").
 */
export function fileName(words: string, extension: string): string {
  const stem = words
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return `${stem || "download"}.${extension}`;
}
