import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import type { ContextSimilarity } from "./context-similarity.ts";
import { groupLabel } from "./group-label.ts";
import type { SchoolContext } from "./school-context.ts";

/** A problem of practice: a student group that is weak on a measure (what triggered focus). */
export interface Problem {
  /** The reporting group (for the lowest race group: the race group itself). */
  readonly group: string;
  readonly metric: string;
  /** The group's level on the measure. */
  readonly level: number;
}

/** A focus school × level and its problems of practice. */
export interface FocusSchool {
  readonly context: SchoolContext;
  readonly problems: readonly Problem[];
}

/** A community of practice: 2–4 focus schools of one level sharing a problem. */
export interface Community {
  readonly id: string;
  readonly schoolLevel: string;
  /** `GROUP × metric`, e.g. `EL × math_performance`. */
  readonly problem: string;
  readonly members: readonly { readonly school: FocusSchool; readonly level: number }[];
  readonly meanContextDistance: number;
  readonly reason: string;
}

/** A focus school no community could take, and why. */
export interface Unplaced {
  readonly school: FocusSchool;
  readonly reason: string;
}

/** What a community's reason shows in place of a member's level the reader may not see. */
export const SUPPRESSED_MEMBER_LEVEL = "suppressed";

/** The members' levels on the shared problem, in member order; null: hidden from the reader. */
export function memberLevelsText(levels: readonly (number | null)[]): string {
  return `(levels ${levels.map((l) => (l === null ? SUPPRESSED_MEMBER_LEVEL : String(l))).join(", ")})`;
}

/** A reason that quotes a hidden level in a form this code cannot find (fails closed). */
export const WITHHELD_COMMUNITY_REASON =
  "The reason quotes a member school's level that is suppressed for this reader.";

/**
 * A stored community reason with the members' levels on the shared problem written as
 * suppressed where `hidden` (by member, in the community's member order) says so. The levels
 * text is found by regenerating it; a reason that lists levels in another form is withheld whole.
 */
export function suppressCommunityReason(
  reason: string,
  levels: readonly number[],
  hidden: readonly boolean[],
): string {
  if (!hidden.some(Boolean) || !reason.includes("(levels ")) return reason;
  const text = memberLevelsText(levels);
  if (!reason.includes(text)) return WITHHELD_COMMUNITY_REASON;
  return reason.replaceAll(text, memberLevelsText(levels.map((l, i) => (hidden[i] ? null : l))));
}

/** The problem id shared by a community: `GROUP × metric`. */
export const problemId = (p: { group: string; metric: string }) => `${p.group} × ${p.metric}`;

interface Group {
  problem: string;
  members: FocusSchool[];
}

const codeOf = (s: FocusSchool) => `${s.context.schoolCode}|${s.context.schoolLevel}`;
const byCode = (a: FocusSchool, b: FocusSchool) =>
  codeOf(a) < codeOf(b) ? -1 : codeOf(a) > codeOf(b) ? 1 : 0;

/**
 * Groups focus schools into communities of practice (pure). Within each school level (and within
 * a district unless `communities.cross_district`):
 *
 * 1. Each school takes, as its problem, the one it shares with the most schools still to place
 *    (ties: problem id). Schools with the same problem are split into as few groups of
 *    `min_size`–`max_size` as possible, balanced in size, each grown around its most outlying
 *    school by adding the school closest on context, then improved by swapping members between
 *    groups while that lowers the total within-group context distance.
 * 2. A school left alone joins the closest community whose problem it has (a full one is
 *    re-split with it); the rest go round again among themselves.
 * 3. Stops when no school left alone shares a problem with another or with a community: those
 *    are listed as unplaced, with the reason.
 */
export function formCommunities(
  schools: readonly FocusSchool[],
  similarity: ContextSimilarity,
  framework: Framework,
): { communities: Community[]; unplaced: Unplaced[] } {
  const { min_size: min, max_size: max, cross_district: cross } = framework.pairing.communities;
  // Distances are looked up many times while growing and swapping groups: cache them by index.
  const index = new Map(schools.map((s, i) => [s, i]));
  const cache = new Float64Array(schools.length * schools.length).fill(Number.NaN);
  const dist = (a: FocusSchool, b: FocusSchool): number => {
    if (a === b) return 0;
    const k = index.get(a)! * schools.length + index.get(b)!;
    let d = cache[k]!;
    if (Number.isNaN(d)) {
      d = similarity.contextDistance(a.context, b.context);
      cache[k] = d;
      cache[index.get(b)! * schools.length + index.get(a)!] = d;
    }
    return d;
  };
  const scopes = new Map<string, FocusSchool[]>();
  for (const s of [...schools].sort(byCode)) {
    const scope = cross
      ? s.context.schoolLevel
      : `${s.context.schoolLevel}|${s.context.districtCode}`;
    scopes.set(scope, [...(scopes.get(scope) ?? []), s]);
  }
  const groups: Group[] = [];
  const alone: FocusSchool[] = [];
  for (const members of scopes.values()) {
    const result = formInScope(members, min, max, dist);
    groups.push(...result.groups);
    alone.push(...result.alone);
  }

  const levelOrder = (l: string) => ["elementary", "middle", "high"].indexOf(l);
  for (const g of groups) g.members.sort(byCode);
  groups.sort(
    (a, b) =>
      levelOrder(a.members[0]!.context.schoolLevel) -
        levelOrder(b.members[0]!.context.schoolLevel) ||
      (a.problem < b.problem
        ? -1
        : a.problem > b.problem
          ? 1
          : byCode(a.members[0]!, b.members[0]!)),
  );
  const counters = new Map<string, number>();
  const communities = groups.map((g): Community => {
    const level = g.members[0]!.context.schoolLevel;
    const n = (counters.get(level) ?? 0) + 1;
    counters.set(level, n);
    const members = g.members.map((school) => ({
      school,
      level: school.problems.find((p) => problemId(p) === g.problem)!.level,
    }));
    const meanContextDistance = meanPairwise(g.members, dist);
    const [group, metric] = g.problem.split(" × ") as [string, string];
    const districts = new Set(g.members.map((m) => m.context.districtCode)).size;
    return {
      id: `${level.charAt(0).toUpperCase()}${String(n).padStart(2, "0")}`,
      schoolLevel: level,
      problem: g.problem,
      members,
      meanContextDistance,
      reason: `${members.length} ${level} schools where ${groupLabel(group)} are weak in ${metricLabel(framework, metric)} ${memberLevelsText(members.map((m) => m.level))}, with similar student populations (mean context distance ${meanContextDistance.toFixed(2)} between members), from ${districts === 1 ? "one district" : `${districts} districts`}.`,
    };
  });
  const unplaced = alone.sort(byCode).map((school) => ({
    school,
    reason:
      school.problems.length === 0
        ? "No community: the school stays in targeted support only until it meets the exit rule; no student group meets the entry rule this year, so it has no current problem of practice."
        : `No community: no other focus ${school.context.schoolLevel} school${cross ? "" : " in its district"} shares one of its problems of practice (${school.problems
            .map((p) => `${groupLabel(p.group)} in ${metricLabel(framework, p.metric)}`)
            .join("; ")}).`,
  }));
  return { communities, unplaced };
}

function formInScope(
  schools: readonly FocusSchool[],
  min: number,
  max: number,
  dist: (a: FocusSchool, b: FocusSchool) => number,
): { groups: Group[]; alone: FocusSchool[] } {
  const groups: Group[] = [];
  let pending = schools.filter((s) => s.problems.length > 0);
  const noProblem = schools.filter((s) => s.problems.length === 0);
  // Each round places at least one school; the cap only guards against a re-split cycle.
  for (let round = 0; ; round++) {
    const popularity = new Map<string, number>();
    for (const s of pending)
      for (const id of new Set(s.problems.map(problemId)))
        popularity.set(id, (popularity.get(id) ?? 0) + 1);
    const buckets = new Map<string, FocusSchool[]>();
    for (const s of pending) {
      let best = "";
      let bestCount = -1;
      for (const p of s.problems) {
        const id = problemId(p);
        const count = popularity.get(id)!;
        if (count > bestCount || (count === bestCount && id < best)) {
          best = id;
          bestCount = count;
        }
      }
      buckets.set(best, [...(buckets.get(best) ?? []), s]);
    }
    const left: FocusSchool[] = [];
    let progress = false;
    for (const [problem, members] of [...buckets].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const split = partition(members, min, max, dist);
      if (split.groups.length > 0) progress = true;
      groups.push(...split.groups.map((m) => ({ problem, members: m })));
      left.push(...split.left);
    }
    const stillAlone: FocusSchool[] = [];
    for (const s of left) {
      const ids = new Set(s.problems.map(problemId));
      const options = groups
        .filter((g) => ids.has(g.problem))
        .map((g) => ({ g, d: meanDistanceTo(s, g.members, dist) }))
        .sort(
          (a, b) =>
            Number(a.g.members.length >= max) - Number(b.g.members.length >= max) || a.d - b.d,
        );
      const target = options[0]?.g;
      if (!target) {
        stillAlone.push(s);
        continue;
      }
      progress = true;
      if (target.members.length < max) {
        target.members.push(s);
        continue;
      }
      const split = partition([...target.members, s], min, max, dist);
      groups.splice(
        groups.indexOf(target),
        1,
        ...split.groups.map((m) => ({ problem: target.problem, members: m })),
      );
      stillAlone.push(...split.left);
    }
    if (!progress || stillAlone.length === 0 || round > schools.length)
      return { groups, alone: [...stillAlone, ...noProblem] };
    pending = stillAlone;
  }
}

/**
 * Splits schools sharing a problem into ⌈n / max⌉ balanced groups (fewer when a group would fall
 * under `min`), grown around the most outlying school, then improved by member swaps.
 */
function partition(
  members: readonly FocusSchool[],
  min: number,
  max: number,
  dist: (a: FocusSchool, b: FocusSchool) => number,
): { groups: FocusSchool[][]; left: FocusSchool[] } {
  const n = members.length;
  if (n < min) return { groups: [], left: [...members] };
  let count = Math.ceil(n / max);
  if (Math.floor(n / count) < min) count = Math.floor(n / min);
  const sizes = Array.from({ length: count }, (_, i) =>
    Math.min(max, Math.floor(n / count) + (i < n % count ? 1 : 0)),
  );
  let remaining = [...members].sort(byCode);
  const groups: FocusSchool[][] = [];
  for (const size of sizes) {
    const seed = remaining.reduce((best, s) =>
      sumDistanceTo(s, remaining, dist) > sumDistanceTo(best, remaining, dist) ? s : best,
    );
    const group = [seed];
    remaining = remaining.filter((s) => s !== seed);
    while (group.length < size) {
      const next = remaining.reduce((best, s) =>
        sumDistanceTo(s, group, dist) < sumDistanceTo(best, group, dist) ? s : best,
      );
      group.push(next);
      remaining = remaining.filter((s) => s !== next);
    }
    groups.push(group);
  }
  improveBySwaps(groups, dist);
  return { groups, left: remaining };
}

function improveBySwaps(groups: FocusSchool[][], dist: (a: FocusSchool, b: FocusSchool) => number) {
  for (let pass = 0; pass < 50; pass++) {
    let improved = false;
    for (let g = 0; g < groups.length; g++)
      for (let h = g + 1; h < groups.length; h++)
        for (let i = 0; i < groups[g]!.length; i++)
          for (let j = 0; j < groups[h]!.length; j++) {
            const a = groups[g]![i]!;
            const b = groups[h]![j]!;
            const before = sumDistanceTo(a, groups[g]!, dist) + sumDistanceTo(b, groups[h]!, dist);
            const after =
              sumDistanceTo(b, groups[g]!, dist) -
              dist(b, a) +
              sumDistanceTo(a, groups[h]!, dist) -
              dist(a, b);
            if (after < before - 1e-12) {
              groups[g]![i] = b;
              groups[h]![j] = a;
              improved = true;
            }
          }
    if (!improved) return;
  }
}

function sumDistanceTo(
  s: FocusSchool,
  others: readonly FocusSchool[],
  dist: (a: FocusSchool, b: FocusSchool) => number,
) {
  let total = 0;
  for (const o of others) if (o !== s) total += dist(s, o);
  return total;
}

function meanDistanceTo(
  s: FocusSchool,
  others: readonly FocusSchool[],
  dist: (a: FocusSchool, b: FocusSchool) => number,
) {
  return others.length === 0 ? 0 : sumDistanceTo(s, others, dist) / others.length;
}

function meanPairwise(
  members: readonly FocusSchool[],
  dist: (a: FocusSchool, b: FocusSchool) => number,
): number {
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < members.length; i++)
    for (let j = i + 1; j < members.length; j++) {
      total += dist(members[i]!, members[j]!);
      pairs++;
    }
  return pairs === 0 ? 0 : total / pairs;
}
