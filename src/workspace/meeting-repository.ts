import type { Selectable } from "kysely";
import { NotFoundError, WorkspaceInputError } from "./workspace-errors.ts";
import type { MeetingActionKind, MeetingsTable, WorkspaceDb } from "./workspace-schema.ts";

/** One attendee: a school's role (school null: the hub or the facilitator). */
export interface Attendance {
  readonly schoolCode: string | null;
  readonly roleTitle: string;
  readonly name: string;
}

/** A decision or a next step, with its owner and due date (`YYYY-MM-DD`). */
export interface MeetingAction {
  readonly kind: MeetingActionKind;
  readonly text: string;
  readonly owner: string;
  readonly dueOn: string | null;
}

/** When a meeting of a plan is (or was), and whether it was held. */
export type MeetingDate = Pick<Meeting, "planId" | "heldAt" | "held">;

export interface Meeting {
  readonly id: number;
  readonly planId: number;
  readonly title: string;
  /** When it starts (scheduled, or when it took place once `held`). */
  readonly heldAt: Date;
  readonly durationMinutes: number;
  readonly location: string;
  /** The protocol template its agenda was built from. */
  readonly protocol: string | null;
  /** One item per line. */
  readonly agenda: string;
  readonly held: boolean;
  /** Free text kept from before attendance was recorded per school and role. */
  readonly attendees: string;
  readonly attendance: readonly Attendance[];
  readonly notes: string;
  readonly actions: readonly MeetingAction[];
  readonly createdBy: number;
}

export type NewMeeting = Pick<Meeting, "planId" | "heldAt" | "createdBy"> &
  Partial<Omit<Meeting, "id" | "planId" | "heldAt" | "createdBy">>;

export type MeetingChanges = Partial<Omit<Meeting, "id" | "planId" | "createdBy">>;

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function check(m: MeetingChanges): void {
  if (m.heldAt !== undefined && Number.isNaN(m.heldAt.getTime())) {
    throw new WorkspaceInputError("invalid meeting time", "heldAt", m.heldAt);
  }
  m.actions?.forEach((a, i) => {
    if (a.text.trim() === "")
      throw new WorkspaceInputError("an action needs words", `actions[${i}].text`, a.text);
    if (a.dueOn !== null && !ISO_DATE.test(a.dueOn)) {
      throw new WorkspaceInputError(
        `invalid due date "${a.dueOn}" (YYYY-MM-DD)`,
        `actions[${i}].dueOn`,
        a.dueOn,
      );
    }
  });
  m.attendance?.forEach((a, i) => {
    if (a.roleTitle.trim() === "") {
      throw new WorkspaceInputError(
        "an attendee needs a role",
        `attendance[${i}].roleTitle`,
        a.roleTitle,
      );
    }
  });
}

function columns(m: MeetingChanges) {
  return {
    ...(m.title !== undefined ? { title: m.title } : {}),
    ...(m.heldAt !== undefined ? { held_at: m.heldAt } : {}),
    ...(m.durationMinutes !== undefined ? { duration_minutes: m.durationMinutes } : {}),
    ...(m.location !== undefined ? { location: m.location } : {}),
    ...(m.protocol !== undefined ? { protocol: m.protocol } : {}),
    ...(m.agenda !== undefined ? { agenda: m.agenda } : {}),
    ...(m.held !== undefined ? { held: m.held } : {}),
    ...(m.attendees !== undefined ? { attendees: m.attendees } : {}),
    ...(m.notes !== undefined ? { notes: m.notes } : {}),
  };
}

function byMeeting<T extends { meeting_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.meeting_id);
    if (list) list.push(r);
    else out.set(r.meeting_id, [r]);
  }
  return out;
}

/** Meetings of a plan: schedule, agenda, attendance, notes, decisions and next steps. */
export class MeetingRepository {
  constructor(private readonly db: WorkspaceDb) {}

  async add(input: NewMeeting): Promise<Meeting> {
    check(input);
    const id = await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto("meetings")
        .values({
          plan_id: input.planId,
          created_by: input.createdBy,
          attendees: "",
          notes: "",
          ...columns(input),
          held_at: input.heldAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.replaceParts(tx, row.id, input);
      return row.id;
    });
    return (await this.findById(id))!;
  }

  /** Changes the given parts; attendance and actions given replace the lists. */
  async update(id: number, changes: MeetingChanges): Promise<Meeting> {
    check(changes);
    await this.db.transaction().execute(async (tx) => {
      const set = columns(changes);
      const found =
        Object.keys(set).length > 0
          ? await tx
              .updateTable("meetings")
              .set(set)
              .where("id", "=", id)
              .returning("id")
              .executeTakeFirst()
          : await tx.selectFrom("meetings").select("id").where("id", "=", id).executeTakeFirst();
      if (!found) throw new NotFoundError("meeting", id);
      await this.replaceParts(tx, id, changes);
    });
    return (await this.findById(id))!;
  }

  async findById(id: number): Promise<Meeting | undefined> {
    const row = await this.db
      .selectFrom("meetings")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    return (await this.assemble([row]))[0];
  }

  /** A plan's meetings, earliest first. */
  async listForPlan(planId: number): Promise<Meeting[]> {
    const rows = await this.db
      .selectFrom("meetings")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("held_at")
      .orderBy("id")
      .execute();
    return this.assemble(rows);
  }

  /**
   * When each meeting of several plans is (or was) and whether it was held, by plan, earliest
   * first: what the facilitation list and the roll-up count, without attendance and decisions.
   */
  async datesForPlans(planIds: readonly number[]): Promise<MeetingDate[]> {
    if (planIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("meetings")
      .select(["plan_id", "held_at", "held"])
      .where("plan_id", "in", [...planIds])
      .orderBy("plan_id")
      .orderBy("held_at")
      .orderBy("id")
      .execute();
    return rows.map((r) => ({ planId: r.plan_id, heldAt: r.held_at, held: r.held }));
  }

  private async replaceParts(tx: WorkspaceDb, id: number, m: MeetingChanges): Promise<void> {
    if (m.attendance !== undefined) {
      await tx.deleteFrom("meeting_attendance").where("meeting_id", "=", id).execute();
      if (m.attendance.length > 0) {
        await tx
          .insertInto("meeting_attendance")
          .values(
            m.attendance.map((a, i) => ({
              meeting_id: id,
              position: i + 1,
              school_code: a.schoolCode,
              role_title: a.roleTitle.trim(),
              name: a.name.trim(),
            })),
          )
          .execute();
      }
    }
    if (m.actions !== undefined) {
      await tx.deleteFrom("meeting_actions").where("meeting_id", "=", id).execute();
      if (m.actions.length > 0) {
        await tx
          .insertInto("meeting_actions")
          .values(
            m.actions.map((a, i) => ({
              meeting_id: id,
              position: i + 1,
              kind: a.kind,
              text: a.text.trim(),
              owner: a.owner.trim(),
              due_on: a.dueOn,
            })),
          )
          .execute();
      }
    }
  }

  private async assemble(rows: readonly Selectable<MeetingsTable>[]): Promise<Meeting[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [attendance, actions] = await Promise.all([
      this.db
        .selectFrom("meeting_attendance")
        .selectAll()
        .where("meeting_id", "in", ids)
        .orderBy("position")
        .execute(),
      this.db
        .selectFrom("meeting_actions")
        .selectAll()
        .where("meeting_id", "in", ids)
        .orderBy("position")
        .execute(),
    ]);
    // Grouped once: a plan list reads thousands of meetings at a time.
    const attendanceOf = byMeeting(attendance);
    const actionsOf = byMeeting(actions);
    return rows.map((r) => ({
      id: r.id,
      planId: r.plan_id,
      title: r.title,
      heldAt: r.held_at,
      durationMinutes: r.duration_minutes,
      location: r.location,
      protocol: r.protocol,
      agenda: r.agenda,
      held: r.held,
      attendees: r.attendees,
      attendance: (attendanceOf.get(r.id) ?? []).map((a) => ({
        schoolCode: a.school_code,
        roleTitle: a.role_title,
        name: a.name,
      })),
      notes: r.notes,
      actions: (actionsOf.get(r.id) ?? []).map((a) => ({
        kind: a.kind,
        text: a.text,
        owner: a.owner,
        dueOn: a.due_on,
      })),
      createdBy: r.created_by,
    }));
  }
}
