import type {
  ColorTable,
  DashboardRules,
  RowCondition,
  Scale,
  YearRules,
} from "./dashboard-rules-schema.ts";
import { toSteps } from "./round-to-steps.ts";

/** What one Dashboard row needs to be graded: its values and its other columns by name. */
export interface GradeInput {
  readonly status: number | null;
  readonly change: number | null;
  readonly currentN: number | null;
  readonly priorN: number | null;
  readonly group: string;
  /** A column's text as written in the file (name lower-cased); undefined when absent. */
  cell(column: string): string | undefined;
}

/** The levels, box and color the rules give a row; 0 = none, as in CDE's files. */
export interface Grade {
  /** Whether the current denominator is large enough to show a status; undefined if unknowable. */
  readonly statusShown: boolean | undefined;
  readonly statusLevel: number;
  /** The change level as the file stores it (raw or collapsed, per the year's rules). */
  readonly changeLevel: number;
  readonly box: number;
  readonly color: number;
  /** Index of the cut set used; undefined when none applies to the row. */
  readonly cutSet: number | undefined;
}

interface StepScale {
  /** Per level 1..5 (index 0..4): the lowest and highest value in steps (open ends infinite). */
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** One indicator-year's rules, ready to grade rows. */
export interface YearGrader {
  readonly statusOnly: boolean;
  grade(input: GradeInput): Grade;
}

/** Prepares the rules of `indicator` in `year`; undefined when the rule file has no such year. */
export function yearGrader(
  rules: DashboardRules,
  indicator: string,
  year: string,
): YearGrader | undefined {
  const ind = rules.indicators[indicator];
  const y = ind?.years[year];
  if (!ind || !y) return undefined;
  const digits = rules.rounding.digits;
  const sets = y.cut_sets.map((set) => ({
    when: set.when,
    status: stepScale(set.status, digits),
    change: set.change ? stepScale(set.change, digits) : undefined,
  }));
  const colors = y.colors ? colorCodes(y.colors, rules) : undefined;
  const uncolored = new Set(ind.uncolored_groups);
  return {
    statusOnly: y.status_only,
    grade(input) {
      const at = sets.findIndex((s) => !s.when || holds(s.when, input));
      const set = sets[at];
      const statusShown =
        y.status_shown_unknown && holds(y.status_shown_unknown, input)
          ? undefined
          : input.currentN !== null && input.currentN >= y.n_size.status_min;
      if (!set)
        return { statusShown, statusLevel: 0, changeLevel: 0, box: 0, color: 0, cutSet: undefined };
      const statusLevel =
        input.status === null
          ? 0
          : capped(levelOf(toSteps(input.status, digits), set.status), y, input);
      if (y.status_only || !set.change)
        return { statusShown, statusLevel, changeLevel: 0, box: 0, color: 0, cutSet: at };
      const raw = input.change === null ? 0 : levelOf(toSteps(input.change, digits), set.change);
      const small = smallDenominator(y, input.currentN);
      const collapsed = small && raw !== 0 ? Math.min(4, Math.max(2, raw)) : raw;
      const changeLevel =
        small && y.small_denominator?.stored_change_level === "raw" ? raw : collapsed;
      const n = y.n_size_overrides.find((o) => holds(o.when, input)) ?? y.n_size;
      const colored =
        colors !== undefined &&
        statusLevel !== 0 &&
        collapsed !== 0 &&
        !uncolored.has(input.group) &&
        (input.currentN ?? 0) >= n.color_min_current &&
        (input.priorN ?? 0) >= n.color_min_prior;
      if (!colored) return { statusShown, statusLevel, changeLevel, box: 0, color: 0, cutSet: at };
      return {
        statusShown,
        statusLevel,
        changeLevel,
        box:
          (5 - statusLevel) * rules.box.per_status_level + collapsed * rules.box.per_change_level,
        color: colors[statusLevel - 1]![collapsed - 1]!,
        cutSet: at,
      };
    },
  };
}

function smallDenominator(y: YearRules, currentN: number | null): boolean {
  return (
    y.small_denominator !== undefined && currentN !== null && currentN < y.small_denominator.below
  );
}

function capped(level: number, y: YearRules, input: GradeInput): number {
  let out = level;
  for (const cap of y.status_caps) if (holds(cap.when, input)) out = Math.min(out, cap.max_level);
  return out;
}

function holds(condition: RowCondition, input: GradeInput): boolean {
  return condition.some((alternative) =>
    Object.entries(alternative).every(([column, values]) => {
      const v = input.cell(column);
      return v !== undefined && values.includes(v);
    }),
  );
}

function stepScale(scale: Scale, digits: number): StepScale {
  const levels = ["1", "2", "3", "4", "5"] as const;
  return {
    low: levels.map((l) => (scale[l][0] === null ? -Infinity : toSteps(scale[l][0], digits))),
    high: levels.map((l) => (scale[l][1] === null ? Infinity : toSteps(scale[l][1], digits))),
  };
}

function levelOf(steps: number, scale: StepScale): number {
  for (let i = 0; i < 5; i++) if (steps >= scale.low[i]! && steps <= scale.high[i]!) return i + 1;
  return 0;
}

/** Status level 1..5 (index 0..4) -> color codes for change levels 1..5. */
function colorCodes(table: ColorTable, rules: DashboardRules): number[][] {
  return (["1", "2", "3", "4", "5"] as const).map((s) =>
    table[s].map((name) => rules.colors[name]),
  );
}
