import type { Selectable } from "kysely";
import type { MeetingsTable, WorkspaceDb } from "./workspace-schema.ts";

export interface Meeting {
  readonly id: number;
  readonly planId: number;
  readonly heldAt: Date;
  readonly attendees: string;
  readonly notes: string;
  readonly createdBy: number;
}

function toMeeting(row: Selectable<MeetingsTable>): Meeting {
  return {
    id: row.id,
    planId: row.plan_id,
    heldAt: row.held_at,
    attendees: row.attendees,
    notes: row.notes,
    createdBy: row.created_by,
  };
}

/** Meetings held for a plan. */
export class MeetingRepository {
  constructor(private readonly db: WorkspaceDb) {}

  async add(input: Omit<Meeting, "id">): Promise<Meeting> {
    const row = await this.db
      .insertInto("meetings")
      .values({
        plan_id: input.planId,
        held_at: input.heldAt,
        attendees: input.attendees,
        notes: input.notes,
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMeeting(row);
  }

  /** A plan's meetings, oldest first. */
  async listForPlan(planId: number): Promise<Meeting[]> {
    const rows = await this.db
      .selectFrom("meetings")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("held_at")
      .orderBy("id")
      .execute();
    return rows.map(toMeeting);
  }
}
