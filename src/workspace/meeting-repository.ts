import { type Selectable, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { NotFoundError, WorkspaceInputError } from "./workspace-errors.ts";
import type {
  MeetingActionKind,
  MeetingActionsTable,
  MeetingAttendanceTable,
  MeetingsTable,
  WorkspaceDb,
} from "./workspace-schema.ts";

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

/** A plan's meetings as the facilitation list sees a quarter ({@link MeetingRepository.quarterForPlans}). */
export interface MeetingQuarter {
  readonly met: boolean;
  readonly lastHeld: Date | null;
  readonly nextScheduled: Date | null;
}

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

/** A meeting row with its parts ({@link MeetingRepository} reads them as JSON arrays). */
function toMeeting(
  r: Selectable<MeetingsTable> & {
    attendance: Pick<Selectable<MeetingAttendanceTable>, "school_code" | "role_title" | "name">[];
    actions: Pick<Selectable<MeetingActionsTable>, "kind" | "text" | "owner" | "due_on">[];
  },
): Meeting {
  return {
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
    attendance: r.attendance.map((a) => ({
      schoolCode: a.school_code,
      roleTitle: a.role_title,
      name: a.name,
    })),
    notes: r.notes,
    actions: r.actions.map((a) => ({
      kind: a.kind,
      text: a.text,
      owner: a.owner,
      dueOn: a.due_on,
    })),
    createdBy: r.created_by,
  };
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
    const row = await this.withParts().where("id", "=", id).executeTakeFirst();
    return row && toMeeting(row);
  }

  /** A plan's meetings, earliest first. */
  async listForPlan(planId: number): Promise<Meeting[]> {
    const rows = await this.withParts()
      .where("plan_id", "=", planId)
      .orderBy("held_at")
      .orderBy("id")
      .execute();
    return rows.map(toMeeting);
  }

  /** Meetings with their attendance and actions in order, in one statement (JSON arrays). */
  private withParts() {
    return this.db
      .selectFrom("meetings")
      .selectAll("meetings")
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom("meeting_attendance as a")
            .select(["a.school_code", "a.role_title", "a.name"])
            .whereRef("a.meeting_id", "=", "meetings.id")
            .orderBy("a.position"),
        ).as("attendance"),
        jsonArrayFrom(
          eb
            .selectFrom("meeting_actions as x")
            .select(["x.kind", "x.text", "x.owner", "x.due_on"])
            .whereRef("x.meeting_id", "=", "meetings.id")
            .orderBy("x.position"),
        ).as("actions"),
      ]);
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

  /**
   * Per plan of `planIds` that has meetings before `until`: whether one was held in
   * [`from`, `until`), the latest held before `today`, and the earliest scheduled (not held) in
   * [`today`, `until`) — the facilitation list's quarter, aggregated in SQL so only one row per plan
   * comes back (instants; `from`, `today` and `until` are UTC midnights, `from` ≤ `today`).
   */
  async quarterForPlans(
    planIds: readonly number[],
    window: { readonly from: Date; readonly today: Date; readonly until: Date },
  ): Promise<Map<number, MeetingQuarter>> {
    const out = new Map<number, MeetingQuarter>();
    if (planIds.length === 0) return out;
    const { from, today, until } = window;
    const rows = await this.db
      .selectFrom("meetings")
      .select([
        "plan_id",
        sql<boolean>`bool_or(held and held_at >= ${from})`.as("met"),
        sql<Date | null>`max(held_at) filter (where held and held_at < ${today})`.as("last_held"),
        sql<Date | null>`min(held_at) filter (where not held and held_at >= ${today})`.as(
          "next_scheduled",
        ),
      ])
      .where("plan_id", "in", [...planIds])
      .where("held_at", "<", until)
      .groupBy("plan_id")
      .execute();
    for (const r of rows) {
      out.set(r.plan_id, {
        met: r.met,
        lastHeld: r.last_held === null ? null : new Date(r.last_held),
        nextScheduled: r.next_scheduled === null ? null : new Date(r.next_scheduled),
      });
    }
    return out;
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
}
