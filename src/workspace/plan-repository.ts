import type { Selectable } from "kysely";
import { type Clock, systemClock } from "./clock.ts";
import { NotFoundError, WorkspaceInputError } from "./workspace-errors.ts";
import type { PlanStatus, PlansTable, WorkspaceDb } from "./workspace-schema.ts";

export interface Plan {
  readonly id: number;
  readonly title: string;
  readonly districtCode: string;
  readonly schoolCode: string;
  readonly partnerCode: string | null;
  readonly facilitatorId: number | null;
  readonly runId: string | null;
  readonly goal: string;
  readonly status: PlanStatus;
  readonly createdBy: number;
  readonly createdAt: Date;
}

export interface NewPlan {
  readonly title: string;
  readonly schoolCode: string;
  readonly partnerCode?: string | null;
  readonly facilitatorId?: number | null;
  readonly runId?: string | null;
  readonly goal: string;
  readonly createdBy: number;
}

const SCHOOL_CODE = /^[0-9]{14}$/;

function toPlan(row: Selectable<PlansTable>): Plan {
  return {
    id: row.id,
    title: row.title,
    districtCode: row.district_code,
    schoolCode: row.school_code,
    partnerCode: row.partner_code,
    facilitatorId: row.facilitator_id,
    runId: row.run_id,
    goal: row.goal,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Improvement plans of schools; the district is the school code's first 7 digits. */
export class PlanRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(input: NewPlan): Promise<Plan> {
    if (!SCHOOL_CODE.test(input.schoolCode)) {
      throw new WorkspaceInputError(
        `invalid school code "${input.schoolCode}"`,
        "schoolCode",
        input.schoolCode,
      );
    }
    if (input.partnerCode != null && !SCHOOL_CODE.test(input.partnerCode)) {
      throw new WorkspaceInputError(
        `invalid partner code "${input.partnerCode}"`,
        "partnerCode",
        input.partnerCode,
      );
    }
    if (input.title.trim() === "")
      throw new WorkspaceInputError("empty plan title", "title", input.title);
    const row = await this.db
      .insertInto("plans")
      .values({
        title: input.title.trim(),
        district_code: input.schoolCode.slice(0, 7),
        school_code: input.schoolCode,
        partner_code: input.partnerCode ?? null,
        facilitator_id: input.facilitatorId ?? null,
        run_id: input.runId ?? null,
        goal: input.goal,
        status: "draft",
        created_by: input.createdBy,
        created_at: this.clock(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlan(row);
  }

  async findById(id: number): Promise<Plan | undefined> {
    const row = await this.db
      .selectFrom("plans")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toPlan(row);
  }

  /** Plans of a school (as the school or its partner), of a district, or of a facilitator. */
  async list(
    filter: { districtCode?: string; schoolCode?: string; facilitatorId?: number } = {},
  ): Promise<Plan[]> {
    let q = this.db.selectFrom("plans").selectAll();
    if (filter.districtCode !== undefined) q = q.where("district_code", "=", filter.districtCode);
    const school = filter.schoolCode;
    if (school !== undefined) {
      q = q.where((eb) => eb.or([eb("school_code", "=", school), eb("partner_code", "=", school)]));
    }
    if (filter.facilitatorId !== undefined)
      q = q.where("facilitator_id", "=", filter.facilitatorId);
    const rows = await q.orderBy("created_at").orderBy("id").execute();
    return rows.map(toPlan);
  }

  async setStatus(id: number, status: PlanStatus): Promise<Plan> {
    const row = await this.db
      .updateTable("plans")
      .set({ status })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new NotFoundError("plan", id);
    return toPlan(row);
  }

  async assignFacilitator(id: number, facilitatorId: number | null): Promise<Plan> {
    const row = await this.db
      .updateTable("plans")
      .set({ facilitator_id: facilitatorId })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new NotFoundError("plan", id);
    return toPlan(row);
  }
}
