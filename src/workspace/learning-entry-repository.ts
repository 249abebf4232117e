import type { Selectable, Transaction } from "kysely";
import { isDay } from "./annotation-repository.ts";
import { type Clock, systemClock } from "./clock.ts";
import { NotFoundError, WorkspaceInputError } from "./workspace-errors.ts";
import type {
  LearningDirection,
  LearningEntriesTable,
  WorkspaceDb,
  WorkspaceSchema,
} from "./workspace-schema.ts";

/** What one school of a plan took from a partner or gave one. */
export interface LearningEntry {
  readonly id: number;
  readonly planId: number;
  /** The school that records it. */
  readonly schoolCode: string;
  readonly direction: LearningDirection;
  /** The partner it came from or went to (null: the partners, unnamed). */
  readonly partnerCode: string | null;
  /** `YYYY-MM-DD`. */
  readonly entryDate: string;
  readonly text: string;
  /** The PDSA cycle or meeting of the same plan it came from, if any. */
  readonly cycleId: number | null;
  readonly meetingId: number | null;
  readonly createdBy: number;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

export type NewLearningEntry = Pick<
  LearningEntry,
  "planId" | "schoolCode" | "direction" | "entryDate" | "text" | "createdBy"
> &
  Partial<Pick<LearningEntry, "partnerCode" | "cycleId" | "meetingId">>;

/** What may change in an entry (the school and plan may not). */
export type LearningChanges = Partial<
  Pick<LearningEntry, "direction" | "partnerCode" | "entryDate" | "text" | "cycleId" | "meetingId">
>;

function toEntry(row: Selectable<LearningEntriesTable>): LearningEntry {
  return {
    id: row.id,
    planId: row.plan_id,
    schoolCode: row.school_code,
    direction: row.direction,
    partnerCode: row.partner_code,
    entryDate: row.entry_date,
    text: row.text,
    cycleId: row.cycle_id,
    meetingId: row.meeting_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Two-way learning: the dated entries in which each school of a pair or community records what it
 * took from its partners and what it gave them. The school and the partner must be schools of the
 * plan, and a cycle or meeting named must be the plan's own.
 */
export class LearningEntryRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Records an entry. @throws WorkspaceInputError naming the bad value. */
  async add(input: NewLearningEntry): Promise<LearningEntry> {
    return this.db.transaction().execute(async (tx) => {
      await checkEntry(tx, input.planId, input.schoolCode, input);
      const row = await tx
        .insertInto("learning_entries")
        .values({
          plan_id: input.planId,
          school_code: input.schoolCode,
          direction: input.direction,
          partner_code: input.partnerCode ?? null,
          entry_date: input.entryDate,
          text: input.text.trim(),
          cycle_id: input.cycleId ?? null,
          meeting_id: input.meetingId ?? null,
          created_by: input.createdBy,
          created_at: this.clock(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEntry(row);
    });
  }

  /** Changes the fields given. @throws NotFoundError, WorkspaceInputError. */
  async update(id: number, changes: LearningChanges): Promise<LearningEntry> {
    return this.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom("learning_entries")
        .select(["plan_id", "school_code"])
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new NotFoundError("learning entry", id);
      await checkEntry(tx, current.plan_id, current.school_code, changes);
      const row = await tx
        .updateTable("learning_entries")
        .set({
          ...(changes.direction !== undefined ? { direction: changes.direction } : {}),
          ...(changes.partnerCode !== undefined ? { partner_code: changes.partnerCode } : {}),
          ...(changes.entryDate !== undefined ? { entry_date: changes.entryDate } : {}),
          ...(changes.text !== undefined ? { text: changes.text.trim() } : {}),
          ...(changes.cycleId !== undefined ? { cycle_id: changes.cycleId } : {}),
          ...(changes.meetingId !== undefined ? { meeting_id: changes.meetingId } : {}),
          updated_at: this.clock(),
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEntry(row);
    });
  }

  /** Takes an entry back. @throws NotFoundError. */
  async remove(id: number): Promise<void> {
    const r = await this.db.deleteFrom("learning_entries").where("id", "=", id).executeTakeFirst();
    if (r.numDeletedRows === 0n) throw new NotFoundError("learning entry", id);
  }

  async findById(id: number): Promise<LearningEntry | undefined> {
    const row = await this.db
      .selectFrom("learning_entries")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toEntry(row);
  }

  /** A plan's entries, by date then as recorded. */
  async listForPlan(planId: number): Promise<LearningEntry[]> {
    const rows = await this.db
      .selectFrom("learning_entries")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("entry_date")
      .orderBy("id")
      .execute();
    return rows.map(toEntry);
  }
}

/** The rules a database check cannot say with a message that names the value. */
async function checkEntry(
  tx: Transaction<WorkspaceSchema>,
  planId: number,
  schoolCode: string,
  e: LearningChanges,
): Promise<void> {
  if (e.text !== undefined && e.text.trim() === "") {
    throw new WorkspaceInputError("a learning entry needs words", "text", e.text);
  }
  if (e.text !== undefined && e.text.length > 4000) {
    throw new WorkspaceInputError("a learning entry is at most 4000 characters", "text", e.text);
  }
  if (e.entryDate !== undefined && !isDay(e.entryDate)) {
    throw new WorkspaceInputError(
      `invalid date "${e.entryDate}": expected a day written YYYY-MM-DD`,
      "entryDate",
      e.entryDate,
    );
  }
  const schools = (
    await tx
      .selectFrom("plan_schools")
      .select("school_code")
      .where("plan_id", "=", planId)
      .execute()
  ).map((s) => s.school_code);
  if (schools.length === 0) throw new NotFoundError("plan", planId);
  if (!schools.includes(schoolCode)) {
    throw new WorkspaceInputError(
      `school "${schoolCode}" is not in plan ${planId}`,
      "schoolCode",
      schoolCode,
    );
  }
  if (e.partnerCode != null && (e.partnerCode === schoolCode || !schools.includes(e.partnerCode))) {
    throw new WorkspaceInputError(
      `partner "${e.partnerCode}" is not another school of plan ${planId}`,
      "partnerCode",
      e.partnerCode,
    );
  }
  if (e.cycleId != null) {
    const cycle = await tx
      .selectFrom("pdsa_cycles")
      .select("plan_id")
      .where("id", "=", e.cycleId)
      .executeTakeFirst();
    if (cycle?.plan_id !== planId) {
      throw new WorkspaceInputError(
        `cycle ${e.cycleId} is not a cycle of plan ${planId}`,
        "cycleId",
        e.cycleId,
      );
    }
  }
  if (e.meetingId != null) {
    const meeting = await tx
      .selectFrom("meetings")
      .select("plan_id")
      .where("id", "=", e.meetingId)
      .executeTakeFirst();
    if (meeting?.plan_id !== planId) {
      throw new WorkspaceInputError(
        `meeting ${e.meetingId} is not a meeting of plan ${planId}`,
        "meetingId",
        e.meetingId,
      );
    }
  }
}
