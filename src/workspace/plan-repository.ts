import { type Selectable, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { type Clock, systemClock } from "./clock.ts";
import {
  DuplicateKeyError,
  isUniqueViolation,
  NotFoundError,
  WorkspaceInputError,
} from "./workspace-errors.ts";
import type {
  PlanKind,
  PlanSchoolRole,
  PlanSchoolsTable,
  PlanStatus,
  PlansTable,
  WorkspaceDb,
} from "./workspace-schema.ts";

/** A school of a plan. */
export interface PlanSchool {
  readonly schoolCode: string;
  readonly districtCode: string;
  readonly schoolName: string;
  readonly role: PlanSchoolRole;
}

/** The aim: what, how much (baseline → target on a measure × group), by when, for whom. */
export interface PlanAim {
  readonly what: string;
  readonly metric: string | null;
  readonly studentGroup: string | null;
  readonly baseline: number | null;
  readonly target: number | null;
  /** `YYYY-MM-DD`. */
  readonly by: string | null;
  readonly forWhom: string;
}

/** How the partners work together. */
export interface PlanAgreement {
  readonly norms: string;
  readonly roles: string;
  readonly cadence: string;
}

export interface Plan {
  readonly id: number;
  readonly kind: PlanKind;
  readonly runId: string | null;
  readonly schoolLevel: string | null;
  /** The pair's priority school code or the community id. */
  readonly groupKey: string | null;
  readonly title: string;
  readonly status: PlanStatus;
  /** The lead school (the pair's priority school, the community's first member) and its district. */
  readonly districtCode: string;
  readonly schoolCode: string;
  readonly facilitatorId: number | null;
  readonly schools: readonly PlanSchool[];
  readonly aim: PlanAim;
  readonly agreement: PlanAgreement;
  readonly checklistTemplate: { readonly id: string; readonly version: number } | null;
  readonly createdBy: number;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

export interface NewPlan {
  readonly kind: PlanKind;
  readonly runId: string | null;
  readonly schoolLevel: string | null;
  readonly groupKey: string | null;
  readonly title: string;
  /** In order; the first is the lead school. A pair has two, a community two or more. */
  readonly schools: readonly Omit<PlanSchool, "districtCode">[];
  readonly facilitatorId?: number | null;
  readonly aim?: Partial<PlanAim>;
  readonly checklistTemplate?: { readonly id: string; readonly version: number } | null;
  readonly createdBy: number;
}

/** The editable parts of a plan (each one given replaces it). */
export interface PlanChanges {
  readonly title?: string;
  readonly status?: PlanStatus;
  readonly aim?: PlanAim;
  readonly agreement?: PlanAgreement;
  readonly facilitatorId?: number | null;
}

const SCHOOL_CODE = /^[0-9]{14}$/;
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function toPlan(row: Selectable<PlansTable>, schools: readonly PlanSchool[]): Plan {
  return {
    id: row.id,
    kind: row.kind,
    runId: row.run_id,
    schoolLevel: row.school_level,
    groupKey: row.group_key,
    title: row.title,
    status: row.status,
    districtCode: row.district_code,
    schoolCode: row.school_code,
    facilitatorId: row.facilitator_id,
    schools,
    aim: {
      what: row.goal,
      metric: row.aim_metric,
      studentGroup: row.aim_student_group,
      baseline: row.aim_baseline,
      target: row.aim_target,
      by: row.aim_by,
      forWhom: row.aim_for_whom,
    },
    agreement: { norms: row.norms, roles: row.roles, cadence: row.cadence },
    checklistTemplate:
      row.checklist_template !== null && row.checklist_version !== null
        ? { id: row.checklist_template, version: row.checklist_version }
        : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type SchoolRow = Pick<
  Selectable<PlanSchoolsTable>,
  "school_code" | "district_code" | "school_name" | "role"
>;

const ROLE_ORDER: Record<PlanSchoolRole, number> = { priority: 0, partner: 1, member: 2 };

/** A plan's schools in their order: priority, partner, then members by code. */
function sortSchools(rows: readonly SchoolRow[]): PlanSchool[] {
  return [...rows]
    .sort(
      (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.school_code < b.school_code ? -1 : 1),
    )
    .map((row) => ({
      schoolCode: row.school_code,
      districtCode: row.district_code,
      schoolName: row.school_name,
      role: row.role,
    }));
}

function checkAim(aim: Partial<PlanAim>): void {
  if (aim.by != null && !ISO_DATE.test(aim.by)) {
    throw new WorkspaceInputError(`invalid aim date "${aim.by}" (YYYY-MM-DD)`, "aim.by", aim.by);
  }
  for (const field of ["baseline", "target"] as const) {
    const v = aim[field];
    if (v != null && !Number.isFinite(v)) {
      throw new WorkspaceInputError(`invalid aim ${field} ${v}`, `aim.${field}`, v);
    }
  }
}

/**
 * Which plans to list: any school of the plan, its districts, its facilitator (ORed), or all; and
 * of those, the ones of the run, kind, school level, group and statuses given (ANDed).
 */
export interface PlanFilter {
  readonly schoolCodes?: readonly string[];
  readonly districtCodes?: readonly string[];
  readonly facilitatorId?: number;
  readonly runId?: string;
  readonly kind?: PlanKind;
  readonly schoolLevel?: string;
  readonly groupKey?: string;
  readonly statuses?: readonly PlanStatus[];
}

/**
 * Improvement plans of pairs and communities, with their schools. A plan is unique per run ×
 * kind × school level × group (a second one for the same pair is a {@link DuplicateKeyError}).
 */
export class PlanRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(input: NewPlan): Promise<Plan> {
    const lead = input.schools[0];
    if (!lead) throw new WorkspaceInputError("a plan needs at least one school", "schools", []);
    for (const s of input.schools) {
      if (!SCHOOL_CODE.test(s.schoolCode)) {
        throw new WorkspaceInputError(
          `invalid school code "${s.schoolCode}"`,
          "schools",
          s.schoolCode,
        );
      }
    }
    if (input.title.trim() === "")
      throw new WorkspaceInputError("empty plan title", "title", input.title);
    checkAim(input.aim ?? {});
    const pair = input.kind === "pair" ? input.schools[1] : undefined;
    try {
      return await this.db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto("plans")
          .values({
            kind: input.kind,
            run_id: input.runId,
            school_level: input.schoolLevel,
            group_key: input.groupKey,
            title: input.title.trim(),
            district_code: lead.schoolCode.slice(0, 7),
            school_code: lead.schoolCode,
            partner_code: pair?.schoolCode ?? null,
            facilitator_id: input.facilitatorId ?? null,
            goal: input.aim?.what ?? "",
            aim_metric: input.aim?.metric ?? null,
            aim_student_group: input.aim?.studentGroup ?? null,
            aim_baseline: input.aim?.baseline ?? null,
            aim_target: input.aim?.target ?? null,
            aim_by: input.aim?.by ?? null,
            aim_for_whom: input.aim?.forWhom ?? "",
            checklist_template: input.checklistTemplate?.id ?? null,
            checklist_version: input.checklistTemplate?.version ?? null,
            status: "draft",
            created_by: input.createdBy,
            created_at: this.clock(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("plan_schools")
          .values(
            input.schools.map((s) => ({
              plan_id: row.id,
              school_code: s.schoolCode,
              district_code: s.schoolCode.slice(0, 7),
              school_name: s.schoolName,
              role: s.role,
            })),
          )
          .execute();
        return toPlan(row, (await this.schoolsOf([row.id], tx)).get(row.id) ?? []);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DuplicateKeyError(
          "plan",
          `${input.kind} ${input.groupKey} (${input.schoolLevel}) of run ${input.runId}`,
          error,
        );
      }
      throw error;
    }
  }

  async findById(id: number): Promise<Plan | undefined> {
    const row = await this.withSchools().where("id", "=", id).executeTakeFirst();
    return row && toPlan(row, sortSchools(row.schools));
  }

  /** Plans with their schools, in one statement (a JSON array per plan). */
  private withSchools() {
    return this.db
      .selectFrom("plans")
      .selectAll("plans")
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom("plan_schools")
            .select(["school_code", "district_code", "school_name", "role"])
            .whereRef("plan_schools.plan_id", "=", "plans.id"),
        ).as("schools"),
      );
  }

  /** The plan of a run's pair or community, if one was created. */
  async findByGroup(key: {
    runId: string;
    kind: PlanKind;
    schoolLevel: string;
    groupKey: string;
  }): Promise<Plan | undefined> {
    const row = await this.db
      .selectFrom("plans")
      .select("id")
      .where("run_id", "=", key.runId)
      .where("kind", "=", key.kind)
      .where("school_level", "=", key.schoolLevel)
      .where("group_key", "=", key.groupKey)
      .executeTakeFirst();
    return row && this.findById(row.id);
  }

  /** Plans matching any part of the filter (none given: every plan), oldest first. */
  async list(filter: PlanFilter = {}): Promise<Plan[]> {
    return (await this.page(filter)).plans;
  }

  /**
   * One page of {@link list}: `limit` plans from `offset` (none: all), and how many match in all
   * (one statement; a second only for a page past the end).
   */
  async page(
    filter: PlanFilter,
    page: { readonly offset: number; readonly limit: number } | null = null,
  ): Promise<{ plans: Plan[]; total: number }> {
    const base = this.matching(filter);
    if (base === null) return { plans: [], total: 0 };
    let q = base
      .selectAll("plans")
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom("plan_schools")
            .select(["school_code", "district_code", "school_name", "role"])
            .whereRef("plan_schools.plan_id", "=", "plans.id"),
        ).as("schools"),
        sql<string>`count(*) over ()`.as("total"),
      ])
      .orderBy("created_at")
      .orderBy("id");
    if (page !== null) q = q.limit(page.limit).offset(page.offset);
    const rows = await q.execute();
    let total = rows.length === 0 ? 0 : Number(rows[0]!.total);
    if (rows.length === 0 && page !== null && page.offset > 0) {
      const n = await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirst();
      total = Number(n?.n ?? 0);
    }
    return { plans: rows.map((r) => toPlan(r, sortSchools(r.schools))), total };
  }

  /**
   * The facilitators of the plans matching the filter: each plan with a facilitator, its schools'
   * codes and the facilitator's display name (one statement).
   */
  async facilitated(
    filter: PlanFilter,
  ): Promise<{ planId: number; facilitatorId: number; name: string; schools: string[] }[]> {
    const base = this.matching(filter);
    if (base === null) return [];
    const rows = await base
      .innerJoin("users", "users.id", "plans.facilitator_id")
      .select((eb) => [
        "plans.id",
        "plans.facilitator_id",
        "users.display_name",
        jsonArrayFrom(
          eb
            .selectFrom("plan_schools")
            .select("plan_schools.school_code as code")
            .whereRef("plan_schools.plan_id", "=", "plans.id"),
        ).as("schools"),
      ])
      .execute();
    return rows.map((r) => ({
      planId: r.id,
      facilitatorId: r.facilitator_id!,
      name: r.display_name,
      schools: r.schools.map((s) => s.code),
    }));
  }

  /** The plans matching the filter, as a query to select from (null: none can match). */
  private matching(filter: PlanFilter) {
    let q = this.db.selectFrom("plans");
    if (filter.runId !== undefined) q = q.where("plans.run_id", "=", filter.runId);
    if (filter.kind !== undefined) q = q.where("plans.kind", "=", filter.kind);
    if (filter.schoolLevel !== undefined)
      q = q.where("plans.school_level", "=", filter.schoolLevel);
    if (filter.groupKey !== undefined) q = q.where("plans.group_key", "=", filter.groupKey);
    if (filter.statuses !== undefined) {
      if (filter.statuses.length === 0) return null;
      q = q.where("plans.status", "in", [...filter.statuses]);
    }
    const schools = filter.schoolCodes ?? [];
    const districts = filter.districtCodes ?? [];
    const facilitator = filter.facilitatorId;
    if (schools.length > 0 || districts.length > 0 || facilitator !== undefined) {
      q = q.where((eb) => {
        const member = (column: "school_code" | "district_code", values: readonly string[]) =>
          eb(
            "plans.id",
            "in",
            eb
              .selectFrom("plan_schools")
              .select("plan_schools.plan_id")
              .where(`plan_schools.${column}`, "in", [...values]),
          );
        return eb.or([
          ...(schools.length > 0 ? [member("school_code", schools)] : []),
          ...(districts.length > 0 ? [member("district_code", districts)] : []),
          ...(facilitator !== undefined ? [eb("plans.facilitator_id", "=", facilitator)] : []),
        ]);
      });
    }
    return q;
  }

  /** Changes the given parts of a plan. */
  async update(id: number, changes: PlanChanges): Promise<Plan> {
    if (changes.title !== undefined && changes.title.trim() === "") {
      throw new WorkspaceInputError("empty plan title", "title", changes.title);
    }
    if (changes.aim) checkAim(changes.aim);
    const row = await this.db
      .updateTable("plans")
      .set({
        ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
        ...(changes.status !== undefined ? { status: changes.status } : {}),
        ...(changes.facilitatorId !== undefined ? { facilitator_id: changes.facilitatorId } : {}),
        ...(changes.aim
          ? {
              goal: changes.aim.what,
              aim_metric: changes.aim.metric,
              aim_student_group: changes.aim.studentGroup,
              aim_baseline: changes.aim.baseline,
              aim_target: changes.aim.target,
              aim_by: changes.aim.by,
              aim_for_whom: changes.aim.forWhom,
            }
          : {}),
        ...(changes.agreement
          ? {
              norms: changes.agreement.norms,
              roles: changes.agreement.roles,
              cadence: changes.agreement.cadence,
            }
          : {}),
        updated_at: this.clock(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new NotFoundError("plan", id);
    return toPlan(row, (await this.schoolsOf([id])).get(id) ?? []);
  }

  async setStatus(id: number, status: PlanStatus): Promise<Plan> {
    return this.update(id, { status });
  }

  async assignFacilitator(id: number, facilitatorId: number | null): Promise<Plan> {
    return this.update(id, { facilitatorId });
  }

  /** The schools of each plan: priority, partner, then members by code. */
  private async schoolsOf(
    ids: readonly number[],
    db: WorkspaceDb = this.db,
  ): Promise<Map<number, PlanSchool[]>> {
    const out = new Map<number, SchoolRow[]>();
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom("plan_schools")
      .selectAll()
      .where("plan_id", "in", [...ids])
      .execute();
    for (const r of rows) {
      const list = out.get(r.plan_id) ?? [];
      list.push(r);
      out.set(r.plan_id, list);
    }
    return new Map([...out].map(([id, list]) => [id, sortSchools(list)]));
  }
}
