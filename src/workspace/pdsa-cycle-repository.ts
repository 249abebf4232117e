import type { Selectable } from "kysely";
import { type Clock, systemClock } from "./clock.ts";
import { NotFoundError, WorkspaceInputError } from "./workspace-errors.ts";
import type { PdsaCyclesTable, PdsaDecision, WorkspaceDb } from "./workspace-schema.ts";

export interface PdsaCycle {
  readonly id: number;
  readonly planId: number;
  readonly cycleNumber: number;
  readonly changeIdea: string;
  readonly prediction: string;
  readonly doNotes: string | null;
  readonly studyNotes: string | null;
  readonly decision: PdsaDecision | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
}

function toCycle(row: Selectable<PdsaCyclesTable>): PdsaCycle {
  return {
    id: row.id,
    planId: row.plan_id,
    cycleNumber: row.cycle_number,
    changeIdea: row.change_idea,
    prediction: row.prediction,
    doNotes: row.do_notes,
    studyNotes: row.study_notes,
    decision: row.decision,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

/** Plan-Do-Study-Act cycles, numbered 1, 2, … within their plan. */
export class PdsaCycleRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Plans a new cycle (the P) as the next number of its plan. */
  async start(input: {
    planId: number;
    changeIdea: string;
    prediction: string;
  }): Promise<PdsaCycle> {
    if (input.changeIdea.trim() === "") {
      throw new WorkspaceInputError(
        "a PDSA cycle needs a change idea",
        "changeIdea",
        input.changeIdea,
      );
    }
    return this.db.transaction().execute(async (tx) => {
      const plan = await tx
        .selectFrom("plans")
        .select("id")
        .where("id", "=", input.planId)
        .forUpdate()
        .executeTakeFirst();
      if (!plan) throw new NotFoundError("plan", input.planId);
      const last = await tx
        .selectFrom("pdsa_cycles")
        .select((eb) => eb.fn.max("cycle_number").as("n"))
        .where("plan_id", "=", input.planId)
        .executeTakeFirst();
      const row = await tx
        .insertInto("pdsa_cycles")
        .values({
          plan_id: input.planId,
          cycle_number: (last?.n ?? 0) + 1,
          change_idea: input.changeIdea.trim(),
          prediction: input.prediction,
          started_at: this.clock(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCycle(row);
    });
  }

  /** Records what was done and learnt (the D and S) and the decision (the A), ending the cycle. */
  async finish(
    id: number,
    input: { doNotes: string; studyNotes: string; decision: PdsaDecision },
  ): Promise<PdsaCycle> {
    const row = await this.db
      .updateTable("pdsa_cycles")
      .set({
        do_notes: input.doNotes,
        study_notes: input.studyNotes,
        decision: input.decision,
        ended_at: this.clock(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new NotFoundError("PDSA cycle", id);
    return toCycle(row);
  }

  async listForPlan(planId: number): Promise<PdsaCycle[]> {
    const rows = await this.db
      .selectFrom("pdsa_cycles")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("cycle_number")
      .execute();
    return rows.map(toCycle);
  }
}
