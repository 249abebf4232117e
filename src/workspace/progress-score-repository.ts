import { PROGRESS_SCORES } from "../improvement/progress-scale.ts";
import { type Clock, systemClock } from "./clock.ts";
import { WorkspaceInputError } from "./workspace-errors.ts";
import type { WorkspaceDb } from "./workspace-schema.ts";

/** A team's self-assessed IHI progress score for one month. */
export interface ProgressScore {
  readonly planId: number;
  /** `YYYY-MM`. */
  readonly month: string;
  /** 0.5–5.0 in half steps. */
  readonly score: number;
  readonly note: string;
  readonly enteredBy: number;
  readonly enteredAt: Date;
}

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/** Whether `score` is on the IHI progress scale: 0.5, 1.0, … 5.0. */
export function isProgressScore(score: number): boolean {
  return PROGRESS_SCORES.includes(score);
}

/**
 * The monthly self-assessed progress scores of plans (the IHI project progress scale). A team
 * enters one score a month; entering the month again replaces it.
 */
export class ProgressScoreRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Sets the plan's score for `month`, replacing an earlier entry for the same month. */
  async set(input: {
    planId: number;
    month: string;
    score: number;
    note: string;
    enteredBy: number;
  }): Promise<ProgressScore> {
    if (!MONTH.test(input.month)) {
      throw new WorkspaceInputError(
        `invalid month "${input.month}" (YYYY-MM)`,
        "month",
        input.month,
      );
    }
    if (!isProgressScore(input.score)) {
      throw new WorkspaceInputError(
        `invalid progress score ${input.score} (0.5 to 5.0 in steps of 0.5)`,
        "score",
        input.score,
      );
    }
    const values = {
      plan_id: input.planId,
      month: input.month,
      score: input.score,
      note: input.note.trim(),
      entered_by: input.enteredBy,
      entered_at: this.clock(),
    };
    const row = await this.db
      .insertInto("progress_scores")
      .values(values)
      .onConflict((oc) =>
        oc.columns(["plan_id", "month"]).doUpdateSet({
          score: values.score,
          note: values.note,
          entered_by: values.entered_by,
          entered_at: values.entered_at,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toScore(row);
  }

  /** The scores of the given plans, by plan then month. */
  async list(planIds: readonly number[]): Promise<ProgressScore[]> {
    if (planIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("progress_scores")
      .selectAll()
      .where("plan_id", "in", [...planIds])
      .orderBy("plan_id")
      .orderBy("month")
      .execute();
    return rows.map(toScore);
  }
}

function toScore(row: {
  plan_id: number;
  month: string;
  score: number;
  note: string;
  entered_by: number;
  entered_at: Date;
}): ProgressScore {
  return {
    planId: row.plan_id,
    month: row.month,
    score: Number(row.score),
    note: row.note,
    enteredBy: row.entered_by,
    enteredAt: row.entered_at,
  };
}
