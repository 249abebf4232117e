import { readRows } from "../warehouse/read-rows.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { INT, STR } from "./api-schemas.ts";

/** At most this many words of a query are matched (the rest are ignored). */
export const MAX_SEARCH_TERMS = 6;

/** A word of a query shorter than this matches only as a prefix, never with a typo. */
const MIN_FUZZY_LENGTH = 3;

/**
 * Each word of a query must match some word of the school (name, district, code) at least this
 * well; 1 is exact, a prefix scores 0.9, "lincon" against "lincoln" 1 − 1/7 ≈ 0.86.
 */
export const MIN_TERM_SCORE = 0.65;

/** A school that matches a query, with its index level and tier in the run at each school level. */
export interface SchoolMatch {
  readonly school_code: string;
  readonly school_name: string;
  readonly district_code: string;
  readonly district_name: string;
  /** In the order of the directory's `school_levels`; index level and tier null when the run has none. */
  readonly levels: { school_level: string; index_level: number | null; tier: string | null }[];
  /** Mean over the query's words of their best match (0–1); orders the matches. */
  readonly score: number;
}

/** A matching school at one of its levels, with its index level and tier in the run. */
const HIT_ROW = {
  type: "object",
  required: [
    "school_code",
    "school_name",
    "district_code",
    "district_name",
    "school_level",
    "index_level",
    "tier",
    "score",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_name: { type: "string" },
    district_code: { type: "string" },
    district_name: { type: "string" },
    school_level: { type: "string" },
    index_level: INT,
    tier: STR,
    score: { type: "number" },
  },
} as const;

/**
 * The words of a query as matched: lower case, split on anything but letters and digits, at most
 * {@link MAX_SEARCH_TERMS}, each at most 40 characters. Empty for a query with no word.
 */
export function searchTerms(query: string): string[] {
  return query
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0)
    .slice(0, MAX_SEARCH_TERMS)
    .map((t) => t.slice(0, 40));
}

/**
 * The schools of the directory in `year` that match every word of the query, best first, at most
 * `limit` schools. A query word is scored against each word
 * of the school's name, its district's name, its code and its district's code: 1 when equal, 0.9
 * when the school's word starts with it, else the edit similarity (1 − Damerau–Levenshtein
 * distance / longer length) against the whole word or, 0.05 lower, against the word's prefix of the
 * query word's length ("washingtn" finds "Washington", "lincn" finds "Lincoln"). Words shorter than
 * three letters, and numbers (codes), match as prefixes only. A school matches when each query word's best score is at
 * least {@link MIN_TERM_SCORE}; hits are ordered by the mean of those scores, then by name.
 * Index level and tier come from the run's `index_results` and `identification` (null when the
 * run has none). Runs in DuckDB; call inside the reader's serialized read.
 */
export async function searchSchools(
  warehouse: Warehouse,
  run: { readonly run_id: string; readonly year: number },
  terms: readonly string[],
  limit: number,
): Promise<SchoolMatch[]> {
  if (terms.length === 0) return [];
  const values = terms.map(() => "(?)").join(", ");
  const rows = await readRows(
    warehouse,
    "schools, index_results and identification",
    HIT_ROW,
    `WITH directory AS (
       SELECT school_code, school_name, district_code, district_name, school_levels
       FROM schools WHERE year = ?
     ),
     words AS (
       SELECT school_code, w FROM (
         SELECT school_code,
           unnest(regexp_split_to_array(lower(strip_accents(school_name || ' ' || district_name)), '[^a-z0-9]+')) AS w
         FROM directory
       ) WHERE w <> ''
       UNION ALL SELECT school_code, school_code FROM directory
       UNION ALL SELECT school_code, district_code FROM directory
     ),
     terms(t) AS (VALUES ${values}),
     best AS (
       SELECT school_code, t, max(CASE
         WHEN w = t THEN 1.0
         WHEN starts_with(w, t) THEN 0.9
         WHEN length(t) < ${MIN_FUZZY_LENGTH} OR regexp_full_match(t, '[0-9]+') THEN 0.0
         ELSE greatest(
           1 - damerau_levenshtein(w, t) / greatest(length(w), length(t)),
           0.95 - damerau_levenshtein(left(w, length(t)), t) / length(t)
         )
       END) AS s
       FROM words CROSS JOIN terms GROUP BY school_code, t
     ),
     matched AS (
       SELECT school_code, avg(s) AS score FROM best
       GROUP BY school_code
       HAVING count(*) = ${terms.length} AND min(s) >= ${MIN_TERM_SCORE}
     ),
     top AS (
       SELECT d.*, m.score FROM matched m JOIN directory d USING (school_code)
       ORDER BY m.score DESC, d.school_name, d.school_code LIMIT ?
     ),
     levels AS (SELECT *, unnest(string_split(school_levels, ';')) AS lvl FROM top)
     SELECT l.school_code, l.school_name, l.district_code, l.district_name,
       l.lvl AS school_level, i.index_level, d.tier, l.score
     FROM levels l
     LEFT JOIN index_results i
       ON i.run_id = ? AND i.school_code = l.school_code AND i.school_level = l.lvl
     LEFT JOIN identification d
       ON d.run_id = ? AND d.school_code = l.school_code AND d.school_level = l.lvl
     ORDER BY l.score DESC, l.school_name, l.school_code,
       list_position(string_split(l.school_levels, ';'), l.lvl)`,
    [run.year, ...terms, limit, run.run_id, run.run_id],
  );
  const matches = new Map<string, SchoolMatch>();
  for (const r of rows) {
    const match = matches.get(r.school_code) ?? {
      school_code: r.school_code,
      school_name: r.school_name,
      district_code: r.district_code,
      district_name: r.district_name,
      levels: [],
      score: r.score,
    };
    match.levels.push({ school_level: r.school_level, index_level: r.index_level, tier: r.tier });
    matches.set(r.school_code, match);
  }
  return [...matches.values()];
}
