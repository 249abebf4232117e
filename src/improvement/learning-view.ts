import type { FromSchema } from "json-schema-to-ts";
import type { LearningEntry } from "../workspace/learning-entry-repository.ts";
import type { Plan } from "../workspace/plan-repository.ts";
import type { LEARNING_ENTRY, LEARNING_LIST } from "./learning-schema.ts";

export type LearningEntryJson = FromSchema<typeof LEARNING_ENTRY>;

export function learningEntryJson(e: LearningEntry): LearningEntryJson {
  return {
    id: e.id,
    school_code: e.schoolCode,
    direction: e.direction,
    partner_code: e.partnerCode,
    entry_date: e.entryDate,
    text: e.text,
    cycle_id: e.cycleId,
    meeting_id: e.meetingId,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt?.toISOString() ?? null,
  };
}

/** A plan's learning, side by side: each of its schools, in the plan's order, with both columns. */
export function learningListJson(
  plan: Plan,
  entries: readonly LearningEntry[],
): FromSchema<typeof LEARNING_LIST> {
  return {
    plan_id: plan.id,
    schools: plan.schools.map((s) => {
      const own = entries.filter((e) => e.schoolCode === s.schoolCode);
      return {
        school_code: s.schoolCode,
        school_name: s.schoolName,
        took: own.filter((e) => e.direction === "took").map(learningEntryJson),
        gave: own.filter((e) => e.direction === "gave").map(learningEntryJson),
      };
    }),
  };
}
