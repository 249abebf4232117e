import type { Framework } from "../domain/framework/framework-schema.ts";
import type { ContextSimilarity } from "./context-similarity.ts";
import type { CommunityFacts, UnplacedFacts } from "./reason-facts.ts";
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

/** A community of practice: 2–4 focus schools of one level weak on a shared measure. */
export interface Community {
  readonly id: string;
  readonly schoolLevel: string;
  /**
   * `GROUP × metric`, e.g. `EL × math_performance`, when every member has that problem; else the
   * members' groups joined by `+` (`EL+SWD × math_performance`): the members share the measure.
   */
  readonly problem: string;
  /** Each member with its own problem on the shared measure and its level there. */
  readonly members: readonly {
    readonly school: FocusSchool;
    readonly problem: Problem;
    readonly level: number;
  }[];
  readonly meanContextDistance: number;
  /** Why: the facts its reason is rendered from (reason-text.ts). */
  readonly facts: CommunityFacts<number>;
}

/** A focus school no community could take, and why. */
export interface Unplaced {
  readonly school: FocusSchool;
  readonly facts: UnplacedFacts;
}

/** The problem id shared by a community: `GROUP × metric`. */
export const problemId = (p: { group: string; metric: string }) => `${p.group} × ${p.metric}`;

interface Group {
  /** What the members share: a problem id in the first round, a metric after. */
  key: string;
  members: FocusSchool[];
}

const codeOf = (s: FocusSchool) => `${s.context.schoolCode}|${s.context.schoolLevel}`;
const byCode = (a: FocusSchool, b: FocusSchool) =>
  codeOf(a) < codeOf(b) ? -1 : codeOf(a) > codeOf(b) ? 1 : 0;
const metricKey = (p: Problem) => p.metric;
const metricOf = (problem: string) => problem.split(" × ")[1] ?? problem;

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
 * 3. The schools still alone go through 1–2 again with a shared measure in place of a shared
 *    problem (a group weak on it, not necessarily the same group), joining the communities formed
 *    so far on the measure they share.
 * 4. A school still alone that shares a measure with a member of a community joins it when the
 *    whole community has that measure and has room (the community is then on that measure), or
 *    takes that member into a new community of the two on it, when the community keeps
 *    `min_size` without it or its other members can join another community.
 * 5. The rest are listed as unplaced, with the reason: no other focus school of the scope shares
 *    a measure with it, or (rarely) each one that does is in a community of `min_size` that can
 *    neither take it nor give up that member (a school is in one community at most).
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
    const byProblem = formInScope(members, [], min, max, dist, problemId);
    const byMetric = formInScope(
      byProblem.alone,
      byProblem.groups.map((g) => ({ key: metricOf(g.key), members: g.members })),
      min,
      max,
      dist,
      metricKey,
    );
    const left = takePartners(byMetric.alone, byMetric.groups, min, max);
    groups.push(...byMetric.groups);
    alone.push(...left);
  }

  const levelOrder = (l: string) => ["elementary", "middle", "high"].indexOf(l);
  const labelled = groups.map((g) => {
    g.members.sort(byCode);
    const metric = metricOf(g.key);
    const mine = (s: FocusSchool) => s.problems.filter((p) => p.metric === metric);
    // A group every member has the problem of; else each member's lowest level on the measure.
    const common = mine(g.members[0]!)
      .map((p) => p.group)
      .filter((group) => g.members.every((m) => mine(m).some((p) => p.group === group)))
      .sort()[0];
    const members = g.members.map((school) => {
      const problem =
        common === undefined
          ? mine(school).sort((a, b) => a.level - b.level || (a.group < b.group ? -1 : 1))[0]!
          : mine(school).find((p) => p.group === common)!;
      return { school, problem, level: problem.level };
    });
    const groupsNamed = [...new Set(members.map((m) => m.problem.group))].sort();
    return { members, metric, problem: `${groupsNamed.join("+")} × ${metric}`, groupsNamed };
  });
  labelled.sort(
    (a, b) =>
      levelOrder(a.members[0]!.school.context.schoolLevel) -
        levelOrder(b.members[0]!.school.context.schoolLevel) ||
      (a.problem < b.problem
        ? -1
        : a.problem > b.problem
          ? 1
          : byCode(a.members[0]!.school, b.members[0]!.school)),
  );
  const counters = new Map<string, number>();
  const communities = labelled.map((g): Community => {
    const level = g.members[0]!.school.context.schoolLevel;
    const n = (counters.get(level) ?? 0) + 1;
    counters.set(level, n);
    const schoolsOf = g.members.map((m) => m.school);
    const meanContextDistance = meanPairwise(schoolsOf, dist);
    const districts = new Set(schoolsOf.map((m) => m.context.districtCode)).size;
    const id = `${level.charAt(0).toUpperCase()}${String(n).padStart(2, "0")}`;
    return {
      id,
      schoolLevel: level,
      problem: g.problem,
      members: g.members,
      meanContextDistance,
      facts: {
        kind: "community",
        id,
        schoolLevel: level,
        metric: g.metric,
        groups: g.groupsNamed,
        members: g.members.map((m) => ({
          schoolCode: m.school.context.schoolCode,
          group: m.problem.group,
          level: m.level,
        })),
        meanContextDistance,
        districts,
      },
    };
  });
  const communityOf = new Map(
    communities.flatMap((c) => c.members.map((m) => [m.school, c.id] as const)),
  );
  const unplaced = alone.sort(byCode).map((school) => {
    const metrics = new Set(school.problems.map(metricKey));
    const sharing = [
      ...new Set(
        schools
          .filter(
            (o) =>
              o !== school &&
              o.context.schoolLevel === school.context.schoolLevel &&
              (cross || o.context.districtCode === school.context.districtCode) &&
              o.problems.some((p) => metrics.has(p.metric)),
          )
          .flatMap((o) => communityOf.get(o) ?? []),
      ),
    ].sort();
    return {
      school,
      facts: {
        kind: "unplaced",
        schoolLevel: school.context.schoolLevel,
        why:
          school.problems.length === 0
            ? "no_problem"
            : sharing.length === 0
              ? "none_sharing"
              : "blocked",
        problems: school.problems.map((p) => ({ group: p.group, metric: p.metric })),
        crossDistrict: cross,
        minSize: min,
        sharing,
      },
    } satisfies Unplaced;
  });
  return { communities, unplaced };
}

function formInScope(
  schools: readonly FocusSchool[],
  initial: Group[],
  min: number,
  max: number,
  dist: (a: FocusSchool, b: FocusSchool) => number,
  keyOf: (p: Problem) => string,
): { groups: Group[]; alone: FocusSchool[] } {
  const groups: Group[] = [...initial];
  let pending = schools.filter((s) => s.problems.length > 0);
  const noProblem = schools.filter((s) => s.problems.length === 0);
  // Each round places at least one school; the cap only guards against a re-split cycle.
  for (let round = 0; ; round++) {
    const popularity = new Map<string, number>();
    for (const s of pending)
      for (const id of new Set(s.problems.map(keyOf)))
        popularity.set(id, (popularity.get(id) ?? 0) + 1);
    const buckets = new Map<string, FocusSchool[]>();
    for (const s of pending) {
      let best = "";
      let bestCount = -1;
      for (const p of s.problems) {
        const id = keyOf(p);
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
    for (const [key, members] of [...buckets].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const split = partition(members, min, max, dist);
      if (split.groups.length > 0) progress = true;
      groups.push(...split.groups.map((m) => ({ key, members: m })));
      left.push(...split.left);
    }
    const stillAlone: FocusSchool[] = [];
    for (const s of left) {
      const ids = new Set(s.problems.map(keyOf));
      const options = groups
        .filter((g) => ids.has(g.key))
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
        ...split.groups.map((m) => ({ key: target.key, members: m })),
      );
      stillAlone.push(...split.left);
    }
    if (!progress || stillAlone.length === 0 || round > schools.length)
      return { groups, alone: [...stillAlone, ...noProblem] };
    pending = stillAlone;
  }
}

/**
 * Step 4 of {@link formCommunities}: a school alone takes a member of a community (keyed by
 * metric) that shares one of its measures into a new community of two on that measure, when the
 * community keeps `min` members without it, or its one other member can join another community
 * with room whose measure it has. Returns the schools still alone.
 */
function takePartners(
  alone: readonly FocusSchool[],
  groups: Group[],
  min: number,
  max: number,
): FocusSchool[] {
  const still: FocusSchool[] = [];
  for (const s of alone) {
    const metrics = new Set(s.problems.map(metricKey));
    let placed = false;
    for (const g of groups) {
      const t = g.members.find((m) => m.problems.some((p) => metrics.has(p.metric)));
      if (!t) continue;
      // A measure the whole community and the school share: it joins, the community re-keyed.
      const common = [...metrics].find((metric) =>
        g.members.every((m) => m.problems.some((p) => p.metric === metric)),
      );
      if (common !== undefined && g.members.length < max) {
        g.key = common;
        g.members.push(s);
        placed = true;
        break;
      }
      const rest = g.members.filter((m) => m !== t);
      let home: Group | undefined;
      if (rest.length < min) {
        const keys = new Set(rest.flatMap((m) => m.problems.map(metricKey)));
        home = groups.find(
          (h) =>
            h !== g &&
            h.members.length + rest.length <= max &&
            keys.has(h.key) &&
            rest.every((m) => m.problems.some((p) => p.metric === h.key)),
        );
        if (!home) continue;
      }
      const shared = t.problems.find((p) => metrics.has(p.metric))!.metric;
      if (home) {
        home.members.push(...rest);
        groups.splice(groups.indexOf(g), 1);
      } else g.members = rest;
      groups.push({ key: shared, members: [s, t] });
      placed = true;
      break;
    }
    if (!placed) still.push(s);
  }
  return still;
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
