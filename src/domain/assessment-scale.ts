import type { Subject } from "./codes.ts";

/**
 * Smarter Balanced scale score ranges and achievement level cut scores by subject and grade
 * (California CAASPP; the Level 3 minimum is the "Standard Met" score used for distance from
 * standard). LOSS/HOSS: lowest and highest obtainable scale scores.
 */
export interface GradeScale {
  readonly loss: number;
  readonly level2: number;
  readonly level3: number;
  readonly level4: number;
  readonly hoss: number;
}

export const ASSESSMENT_SCALE: Readonly<Record<Subject, Readonly<Record<number, GradeScale>>>> = {
  ELA: {
    3: { loss: 2114, level2: 2367, level3: 2432, level4: 2490, hoss: 2623 },
    4: { loss: 2131, level2: 2416, level3: 2473, level4: 2533, hoss: 2663 },
    5: { loss: 2201, level2: 2442, level3: 2502, level4: 2582, hoss: 2701 },
    6: { loss: 2210, level2: 2457, level3: 2531, level4: 2618, hoss: 2724 },
    7: { loss: 2258, level2: 2479, level3: 2552, level4: 2649, hoss: 2745 },
    8: { loss: 2288, level2: 2487, level3: 2567, level4: 2668, hoss: 2769 },
    11: { loss: 2299, level2: 2493, level3: 2583, level4: 2682, hoss: 2795 },
  },
  MATH: {
    3: { loss: 2189, level2: 2381, level3: 2436, level4: 2501, hoss: 2621 },
    4: { loss: 2204, level2: 2411, level3: 2485, level4: 2549, hoss: 2659 },
    5: { loss: 2219, level2: 2455, level3: 2528, level4: 2579, hoss: 2700 },
    6: { loss: 2235, level2: 2473, level3: 2552, level4: 2610, hoss: 2748 },
    7: { loss: 2250, level2: 2484, level3: 2567, level4: 2635, hoss: 2778 },
    8: { loss: 2265, level2: 2504, level3: 2586, level4: 2653, hoss: 2802 },
    11: { loss: 2280, level2: 2543, level3: 2628, level4: 2718, hoss: 2862 },
  },
};

/** The achievement level (1-4) of a scale score. */
export function achievementLevel(scale: GradeScale, score: number): 1 | 2 | 3 | 4 {
  if (score >= scale.level4) return 4;
  if (score >= scale.level3) return 3;
  if (score >= scale.level2) return 2;
  return 1;
}
