import type { Selectable } from "kysely";
import { type Clock, systemClock } from "./clock.ts";
import { NotFoundError, WorkspaceInputError } from "./workspace-errors.ts";
import type { PdsaCyclesTable, PdsaDecision, WorkspaceDb } from "./workspace-schema.ts";

/** The Plan part of a cycle: the test, its question and prediction, who/what/when/where, the data. */
export interface PdsaPlanPart {
  readonly title: string;
  readonly changeIdea: string;
  /** The driver diagram's change idea it tests (its node key), if any. */
  readonly changeIdeaKey: string | null;
  readonly question: string;
  readonly prediction: string;
  readonly who: string;
  readonly what: string;
  readonly when: string;
  readonly where: string;
  readonly dataToCollect: string;
  /** `YYYY-MM-DD`. */
  readonly dueOn: string | null;
}

/** The Do, Study and Act parts, filled in as the cycle runs (null: not yet). */
export interface PdsaOutcome {
  readonly ranAsPlanned: boolean | null;
  /** Do: what happened, observations, surprises. */
  readonly whatHappened: string | null;
  /** Study: the results against the prediction, what was learnt. */
  readonly results: string | null;
  /** Act; setting it ends the cycle. */
  readonly decision: PdsaDecision | null;
}

/** An open cycle as the facilitation list reads it ({@link PdsaCycleRepository.overdueForPlans}). */
export type OpenCycle = Pick<
  PdsaCycle,
  "id" | "planId" | "cycleNumber" | "schoolCode" | "title" | "changeIdea" | "dueOn" | "decision"
>;

export interface PdsaCycle extends PdsaPlanPart, PdsaOutcome {
  readonly id: number;
  readonly planId: number;
  readonly cycleNumber: number;
  /** The school running the cycle. */
  readonly schoolCode: string | null;
  /** The cycle this one follows in its ramp. */
  readonly parentCycleId: number | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly createdBy: number | null;
}

export interface NewPdsaCycle extends Partial<PdsaPlanPart> {
  readonly planId: number;
  readonly changeIdea: string;
  readonly prediction: string;
  readonly schoolCode?: string | null;
  readonly parentCycleId?: number | null;
  readonly createdBy?: number | null;
  /** When it began, for a cycle recorded after it started (default: now). */
  readonly startedAt?: Date;
}

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function toCycle(row: Selectable<PdsaCyclesTable>): PdsaCycle {
  return {
    id: row.id,
    planId: row.plan_id,
    cycleNumber: row.cycle_number,
    schoolCode: row.school_code,
    title: row.title,
    changeIdea: row.change_idea,
    changeIdeaKey: row.change_idea_key,
    question: row.question,
    prediction: row.prediction,
    who: row.plan_who,
    what: row.plan_what,
    when: row.plan_when,
    where: row.plan_where,
    dataToCollect: row.data_to_collect,
    dueOn: row.due_on,
    ranAsPlanned: row.ran_as_planned,
    whatHappened: row.do_notes,
    results: row.results ?? row.study_notes,
    decision: row.decision,
    parentCycleId: row.parent_cycle_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    createdBy: row.created_by,
  };
}

function checkDue(dueOn: string | null | undefined): void {
  if (dueOn != null && !ISO_DATE.test(dueOn)) {
    throw new WorkspaceInputError(`invalid due date "${dueOn}" (YYYY-MM-DD)`, "dueOn", dueOn);
  }
}

function planColumns(p: Partial<PdsaPlanPart>) {
  return {
    ...(p.title !== undefined ? { title: p.title } : {}),
    ...(p.changeIdea !== undefined ? { change_idea: p.changeIdea.trim() } : {}),
    ...(p.changeIdeaKey !== undefined ? { change_idea_key: p.changeIdeaKey } : {}),
    ...(p.question !== undefined ? { question: p.question } : {}),
    ...(p.prediction !== undefined ? { prediction: p.prediction } : {}),
    ...(p.who !== undefined ? { plan_who: p.who } : {}),
    ...(p.what !== undefined ? { plan_what: p.what } : {}),
    ...(p.when !== undefined ? { plan_when: p.when } : {}),
    ...(p.where !== undefined ? { plan_where: p.where } : {}),
    ...(p.dataToCollect !== undefined ? { data_to_collect: p.dataToCollect } : {}),
    ...(p.dueOn !== undefined ? { due_on: p.dueOn } : {}),
  };
}

/**
 * Plan-Do-Study-Act cycles, numbered 1, 2, … within their plan, each run by one of the plan's
 * schools; a cycle may follow another (`parentCycleId`), so adapt → next test forms a ramp.
 */
export class PdsaCycleRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Plans a new cycle (the P) as the next number of its plan. */
  async start(input: NewPdsaCycle): Promise<PdsaCycle> {
    if (input.changeIdea.trim() === "") {
      throw new WorkspaceInputError(
        "a PDSA cycle needs a change idea",
        "changeIdea",
        input.changeIdea,
      );
    }
    checkDue(input.dueOn);
    return this.db.transaction().execute(async (tx) => {
      const plan = await tx
        .selectFrom("plans")
        .select("id")
        .where("id", "=", input.planId)
        .forUpdate()
        .executeTakeFirst();
      if (!plan) throw new NotFoundError("plan", input.planId);
      if (input.parentCycleId != null) {
        const parent = await tx
          .selectFrom("pdsa_cycles")
          .select("plan_id")
          .where("id", "=", input.parentCycleId)
          .executeTakeFirst();
        if (parent?.plan_id !== input.planId) {
          throw new WorkspaceInputError(
            `cycle ${input.parentCycleId} is not a cycle of plan ${input.planId}`,
            "parentCycleId",
            input.parentCycleId,
          );
        }
      }
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
          ...planColumns(input),
          change_idea: input.changeIdea.trim(),
          prediction: input.prediction,
          school_code: input.schoolCode ?? null,
          parent_cycle_id: input.parentCycleId ?? null,
          created_by: input.createdBy ?? null,
          started_at: input.startedAt ?? this.clock(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCycle(row);
    });
  }

  /**
   * Changes the plan part and records the outcome as it comes; a decision ends the cycle (now,
   * unless it had ended), taking it away reopens it.
   */
  async update(
    id: number,
    changes: Partial<PdsaPlanPart> & Partial<PdsaOutcome>,
  ): Promise<PdsaCycle> {
    if (changes.changeIdea !== undefined && changes.changeIdea.trim() === "") {
      throw new WorkspaceInputError(
        "a PDSA cycle needs a change idea",
        "changeIdea",
        changes.changeIdea,
      );
    }
    checkDue(changes.dueOn);
    return this.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom("pdsa_cycles")
        .select(["ended_at"])
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new NotFoundError("PDSA cycle", id);
      const row = await tx
        .updateTable("pdsa_cycles")
        .set({
          ...planColumns(changes),
          ...(changes.ranAsPlanned !== undefined ? { ran_as_planned: changes.ranAsPlanned } : {}),
          ...(changes.whatHappened !== undefined ? { do_notes: changes.whatHappened } : {}),
          ...(changes.results !== undefined
            ? { results: changes.results, study_notes: changes.results }
            : {}),
          ...(changes.decision !== undefined
            ? {
                decision: changes.decision,
                ended_at: changes.decision === null ? null : (current.ended_at ?? this.clock()),
              }
            : {}),
        })
        .where("id", "=", id)
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
    return this.update(id, {
      whatHappened: input.doNotes,
      results: input.studyNotes,
      decision: input.decision,
    });
  }

  async findById(id: number): Promise<PdsaCycle | undefined> {
    const row = await this.db
      .selectFrom("pdsa_cycles")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toCycle(row);
  }

  /** The cycles of several plans, by plan then number. */
  async listForPlans(planIds: readonly number[]): Promise<PdsaCycle[]> {
    if (planIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("pdsa_cycles")
      .selectAll()
      .where("plan_id", "in", [...planIds])
      .orderBy("plan_id")
      .orderBy("cycle_number")
      .execute();
    return rows.map(toCycle);
  }

  /**
   * The cycles of several plans with no decision, due before `today` (`YYYY-MM-DD`): overdue.
   * Only what the facilitation list shows of them is read.
   */
  async overdueForPlans(planIds: readonly number[], today: string): Promise<OpenCycle[]> {
    if (planIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("pdsa_cycles")
      .select(["id", "plan_id", "cycle_number", "school_code", "title", "change_idea", "due_on"])
      .where("plan_id", "in", [...planIds])
      .where("decision", "is", null)
      .where("due_on", "<", today)
      .orderBy("plan_id")
      .orderBy("cycle_number")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      planId: r.plan_id,
      cycleNumber: r.cycle_number,
      schoolCode: r.school_code,
      title: r.title,
      changeIdea: r.change_idea,
      dueOn: r.due_on,
      decision: null,
    }));
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
