import { RESPONDENT_TYPES } from "../domain/codes.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";

/**
 * A composite measure beside its components, as the measures stage builds it (see
 * `measures/culture-climate.ts` and `measures/sel-skills.ts`): the composite's value is the
 * unweighted mean of its members' values for the same school × level × group, so a reader who
 * sees the composite and all but one member has the last one. Culture-climate's n is also the
 * sum of its members' n.
 */
export interface CompositeRelation {
  readonly composite: string;
  readonly components: readonly string[];
  /** The composite's n is the sum of its members' n (a partition of respondents). */
  readonly nIsSum: boolean;
  /**
   * Which components enter the mean: every one with a value (`with_value`), or those meeting
   * their participation floor when any does, else every one with a value (`meets_floor_else_all`).
   */
  readonly membership: "with_value" | "meets_floor_else_all";
}

/** The composites of a framework's measures. */
export function compositeRelations(framework: Framework): CompositeRelation[] {
  const out: CompositeRelation[] = [];
  if (framework.measures.culture_climate) {
    out.push({
      composite: "culture_climate",
      components: RESPONDENT_TYPES.map((t) => `culture_climate_${t}`),
      nIsSum: true,
      membership: "meets_floor_else_all",
    });
  }
  const sel = framework.measures.sel_skills;
  if (sel) {
    out.push({
      composite: "sel_skills",
      components: sel.constructs.map((c) => `sel_${c}`),
      nIsSum: false,
      membership: "with_value",
    });
  }
  return out;
}

/** A component row as the membership rule reads it. */
export interface ComponentFacts {
  readonly n: number;
  readonly value: number | null;
  readonly meets_floor?: boolean | null;
}

/** The components (of one school × level × group) whose values make up the composite's mean. */
export function compositeMembers<T extends ComponentFacts>(
  relation: CompositeRelation,
  components: readonly T[],
): T[] {
  const withValue = components.filter((c) => c.n > 0 && c.value !== null);
  if (relation.membership === "with_value") return withValue;
  const meeting = withValue.filter((c) => c.meets_floor === true);
  return meeting.length > 0 ? meeting : withValue;
}
