import type { Selectable } from "kysely";
import { type Clock, systemClock } from "./clock.ts";
import {
  DuplicateKeyError,
  isUniqueViolation,
  NotFoundError,
  WorkspaceInputError,
} from "./workspace-errors.ts";
import type {
  ProcessMeasuresTable,
  ProcessMeasureValuesTable,
  WorkspaceDb,
} from "./workspace-schema.ts";

/** How a process measure is charted: a run chart of its values, or an XmR (individuals) chart. */
export type ProcessChart = ProcessMeasuresTable["chart"];
export type ProcessDirection = ProcessMeasuresTable["direction"];

/** What a team counts itself, e.g. "students reached" per week. */
export interface ProcessMeasureDefinition {
  readonly name: string;
  readonly unit: string;
  readonly chart: ProcessChart;
  readonly direction: ProcessDirection;
  /** The school it is counted at; null: the whole plan. */
  readonly schoolCode: string | null;
  readonly description: string;
}

/** One dated value (`date` `YYYY-MM-DD`), who entered it and when. */
export interface ProcessValue {
  readonly date: string;
  readonly value: number;
  readonly note: string;
  readonly enteredBy: number;
  readonly enteredAt: Date;
}

export interface ProcessMeasure extends ProcessMeasureDefinition {
  readonly id: number;
  readonly planId: number;
  readonly createdBy: number;
  readonly createdAt: Date;
  /** Earliest first. */
  readonly values: readonly ProcessValue[];
}

export interface NewProcessMeasure extends Partial<Pick<ProcessMeasureDefinition, "description">> {
  readonly planId: number;
  readonly name: string;
  readonly unit: string;
  readonly chart: ProcessChart;
  readonly direction: ProcessDirection;
  readonly schoolCode?: string | null;
  readonly createdBy: number;
}

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** `YYYY-MM-DD` of a day that exists (not 2024-02-30). */
function isCalendarDay(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function checkDefinition(d: Partial<ProcessMeasureDefinition>): void {
  if (d.name !== undefined && d.name.trim() === "")
    throw new WorkspaceInputError("a process measure needs a name", "name", d.name);
  if (d.unit !== undefined && d.unit.trim() === "")
    throw new WorkspaceInputError("a process measure needs a unit", "unit", d.unit);
}

function toMeasure(
  row: Selectable<ProcessMeasuresTable>,
  values: readonly Selectable<ProcessMeasureValuesTable>[],
): ProcessMeasure {
  return {
    id: row.id,
    planId: row.plan_id,
    name: row.name,
    unit: row.unit,
    chart: row.chart,
    direction: row.direction,
    schoolCode: row.school_code,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
    values: values.map((v) => ({
      date: v.value_date,
      value: v.value,
      note: v.note,
      enteredBy: v.entered_by,
      enteredAt: v.entered_at,
    })),
  };
}

/**
 * A plan's local process measures and their dated values. A measure's name is unique in its plan;
 * a day holds one value per measure, so entering a day again replaces its value.
 */
export class ProcessMeasureRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** @throws DuplicateKeyError when the plan has a measure of that name. */
  async create(input: NewProcessMeasure): Promise<ProcessMeasure> {
    checkDefinition(input);
    try {
      const row = await this.db
        .insertInto("process_measures")
        .values({
          plan_id: input.planId,
          name: input.name.trim(),
          unit: input.unit.trim(),
          chart: input.chart,
          direction: input.direction,
          school_code: input.schoolCode ?? null,
          description: input.description ?? "",
          created_by: input.createdBy,
          created_at: this.clock(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toMeasure(row, []);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateKeyError(
          `a process measure of plan ${input.planId}`,
          input.name.trim(),
          error,
        );
      throw error;
    }
  }

  /** Changes the definition's given parts. */
  async update(id: number, changes: Partial<ProcessMeasureDefinition>): Promise<ProcessMeasure> {
    checkDefinition(changes);
    const set = {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.unit !== undefined ? { unit: changes.unit.trim() } : {}),
      ...(changes.chart !== undefined ? { chart: changes.chart } : {}),
      ...(changes.direction !== undefined ? { direction: changes.direction } : {}),
      ...(changes.schoolCode !== undefined ? { school_code: changes.schoolCode } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
    };
    try {
      if (Object.keys(set).length > 0)
        await this.db.updateTable("process_measures").set(set).where("id", "=", id).execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateKeyError("a process measure of the plan", changes.name ?? "", error);
      throw error;
    }
    const found = await this.findById(id);
    if (!found) throw new NotFoundError("process measure", id);
    return found;
  }

  /** Enters the value of a day, replacing one entered before for that day. */
  async recordValue(
    measureId: number,
    input: { date: string; value: number; note?: string; enteredBy: number },
  ): Promise<ProcessValue> {
    if (!isCalendarDay(input.date))
      throw new WorkspaceInputError(
        `invalid date "${input.date}" (YYYY-MM-DD)`,
        "date",
        input.date,
      );
    if (!Number.isFinite(input.value))
      throw new WorkspaceInputError(`invalid value "${input.value}"`, "value", input.value);
    const exists = await this.db
      .selectFrom("process_measures")
      .select("id")
      .where("id", "=", measureId)
      .executeTakeFirst();
    if (!exists) throw new NotFoundError("process measure", measureId);
    const row = {
      value: input.value,
      note: input.note ?? "",
      entered_by: input.enteredBy,
      entered_at: this.clock(),
    };
    const saved = await this.db
      .insertInto("process_measure_values")
      .values({ measure_id: measureId, value_date: input.date, ...row })
      .onConflict((oc) => oc.columns(["measure_id", "value_date"]).doUpdateSet(row))
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      date: saved.value_date,
      value: saved.value,
      note: saved.note,
      enteredBy: saved.entered_by,
      enteredAt: saved.entered_at,
    };
  }

  /** Takes the value of a day away; false when there was none. */
  async deleteValue(measureId: number, date: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("process_measure_values")
      .where("measure_id", "=", measureId)
      .where("value_date", "=", date)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Takes a measure away with all its values (the foreign key cascades); how many values it had,
   * or null when there was no such measure.
   */
  async delete(id: number): Promise<number | null> {
    return this.db.transaction().execute(async (tx) => {
      const { n } = await tx
        .selectFrom("process_measure_values")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("measure_id", "=", id)
        .executeTakeFirstOrThrow();
      const gone = await tx.deleteFrom("process_measures").where("id", "=", id).executeTakeFirst();
      return Number(gone.numDeletedRows) > 0 ? Number(n) : null;
    });
  }

  async findById(id: number): Promise<ProcessMeasure | undefined> {
    const row = await this.db
      .selectFrom("process_measures")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    return (await this.withValues([row]))[0];
  }

  /** A plan's measures in the order they were made, each with its values. */
  async listForPlan(planId: number): Promise<ProcessMeasure[]> {
    const rows = await this.db
      .selectFrom("process_measures")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("id")
      .execute();
    return this.withValues(rows);
  }

  private async withValues(
    rows: readonly Selectable<ProcessMeasuresTable>[],
  ): Promise<ProcessMeasure[]> {
    if (rows.length === 0) return [];
    const values = await this.db
      .selectFrom("process_measure_values")
      .selectAll()
      .where(
        "measure_id",
        "in",
        rows.map((r) => r.id),
      )
      .orderBy("measure_id")
      .orderBy("value_date")
      .execute();
    const byMeasure = new Map<number, Selectable<ProcessMeasureValuesTable>[]>();
    for (const v of values) {
      const list = byMeasure.get(v.measure_id);
      if (list) list.push(v);
      else byMeasure.set(v.measure_id, [v]);
    }
    return rows.map((r) => toMeasure(r, byMeasure.get(r.id) ?? []));
  }
}
