import { NotFoundError, WorkspaceInputError } from "./workspace-errors.ts";
import type { ChecklistStatus, DriverNodeKind, WorkspaceDb } from "./workspace-schema.ts";

/** A problem of practice: a measure × student group and the team's statement of it. */
export interface PlanProblem {
  readonly metric: string;
  readonly studentGroup: string;
  readonly statement: string;
}

export interface DriverNode {
  /** Stable across edits: PDSA cycles name the change idea they test by it. */
  readonly key: string;
  readonly kind: DriverNodeKind;
  readonly label: string;
}

/** A driver diagram: primary drivers under the aim, secondary drivers, change ideas, and links. */
export interface DriverDiagram {
  readonly nodes: readonly DriverNode[];
  /** `from` drives `to`: a change idea → a secondary driver, a secondary → a primary driver. */
  readonly links: readonly { readonly from: string; readonly to: string }[];
}

export interface ChecklistAnswer {
  readonly itemKey: string;
  readonly status: ChecklistStatus;
  readonly note: string;
}

export interface TeamMember {
  readonly schoolCode: string;
  readonly name: string;
  readonly roleTitle: string;
}

/** What a link may join: the kind below to the kind it drives. */
const DRIVES: Readonly<Record<DriverNodeKind, DriverNodeKind | null>> = {
  change_idea: "secondary",
  secondary: "primary",
  primary: null,
};

const NODE_KEY = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The sections of a plan edited as wholes: problems of practice, the driver diagram, the checklist
 * and the teams. Each `replace…` swaps the section in one transaction.
 */
export class PlanSectionsRepository {
  constructor(private readonly db: WorkspaceDb) {}

  async problems(planId: number): Promise<PlanProblem[]> {
    const rows = await this.db
      .selectFrom("plan_problems")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("position")
      .execute();
    return rows.map((r) => ({
      metric: r.metric,
      studentGroup: r.student_group,
      statement: r.statement,
    }));
  }

  async replaceProblems(planId: number, problems: readonly PlanProblem[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom("plan_problems").where("plan_id", "=", planId).execute();
      if (problems.length === 0) return;
      await tx
        .insertInto("plan_problems")
        .values(
          problems.map((p, i) => ({
            plan_id: planId,
            position: i + 1,
            metric: p.metric,
            student_group: p.studentGroup,
            statement: p.statement,
          })),
        )
        .execute();
    });
  }

  async diagram(planId: number): Promise<DriverDiagram> {
    const [nodes, links] = await Promise.all([
      this.db
        .selectFrom("driver_nodes")
        .selectAll()
        .where("plan_id", "=", planId)
        .orderBy("position")
        .execute(),
      this.db
        .selectFrom("driver_links")
        .selectAll()
        .where("plan_id", "=", planId)
        .orderBy("from_key")
        .orderBy("to_key")
        .execute(),
    ]);
    return {
      nodes: nodes.map((n) => ({ key: n.node_key, kind: n.kind, label: n.label })),
      links: links.map((l) => ({ from: l.from_key, to: l.to_key })),
    };
  }

  /**
   * Replaces the driver diagram. Refuses a key used twice, a malformed key, an empty label, a link
   * to a missing node and a link that does not go one step up (change idea → secondary → primary).
   * A node may drive several others (the diagram is a DAG, not a tree).
   */
  async replaceDiagram(planId: number, diagram: DriverDiagram): Promise<void> {
    const kinds = new Map<string, DriverNodeKind>();
    diagram.nodes.forEach((n, i) => {
      if (!NODE_KEY.test(n.key))
        throw new WorkspaceInputError(`invalid node key "${n.key}"`, `nodes[${i}].key`, n.key);
      if (kinds.has(n.key))
        throw new WorkspaceInputError(`node key "${n.key}" used twice`, `nodes[${i}].key`, n.key);
      if (n.label.trim() === "")
        throw new WorkspaceInputError(`node "${n.key}" has no label`, `nodes[${i}].label`, n.label);
      kinds.set(n.key, n.kind);
    });
    diagram.links.forEach((l, i) => {
      const from = kinds.get(l.from);
      const to = kinds.get(l.to);
      if (from === undefined || to === undefined) {
        const missing = from === undefined ? l.from : l.to;
        throw new WorkspaceInputError(
          `link to a missing node "${missing}"`,
          `links[${i}]`,
          missing,
        );
      }
      if (DRIVES[from] !== to) {
        throw new WorkspaceInputError(
          `a ${from.replace("_", " ")} cannot drive a ${to.replace("_", " ")} ("${l.from}" → "${l.to}")`,
          `links[${i}]`,
          `${l.from}->${l.to}`,
        );
      }
    });
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom("driver_links").where("plan_id", "=", planId).execute();
      await tx.deleteFrom("driver_nodes").where("plan_id", "=", planId).execute();
      if (diagram.nodes.length > 0) {
        await tx
          .insertInto("driver_nodes")
          .values(
            diagram.nodes.map((n, i) => ({
              plan_id: planId,
              node_key: n.key,
              kind: n.kind,
              label: n.label.trim(),
              position: i + 1,
            })),
          )
          .execute();
      }
      const unique = new Map(diagram.links.map((l) => [`${l.from}|${l.to}`, l]));
      if (unique.size > 0) {
        await tx
          .insertInto("driver_links")
          .values(
            [...unique.values()].map((l) => ({ plan_id: planId, from_key: l.from, to_key: l.to })),
          )
          .execute();
      }
    });
  }

  async checklist(planId: number): Promise<ChecklistAnswer[]> {
    const rows = await this.db
      .selectFrom("plan_checklist")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("item_key")
      .execute();
    return rows.map((r) => ({ itemKey: r.item_key, status: r.status, note: r.note }));
  }

  /** Sets the answers given (others stay); `known` are the template's item keys. */
  async setChecklist(
    planId: number,
    answers: readonly ChecklistAnswer[],
    known: ReadonlySet<string>,
  ): Promise<void> {
    answers.forEach((a, i) => {
      if (!known.has(a.itemKey)) {
        throw new WorkspaceInputError(
          `unknown checklist item "${a.itemKey}"`,
          `checklist[${i}].itemKey`,
          a.itemKey,
        );
      }
    });
    if (answers.length === 0) return;
    await this.db
      .insertInto("plan_checklist")
      .values(
        answers.map((a) => ({
          plan_id: planId,
          item_key: a.itemKey,
          status: a.status,
          note: a.note,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["plan_id", "item_key"]).doUpdateSet((eb) => ({
          status: eb.ref("excluded.status"),
          note: eb.ref("excluded.note"),
        })),
      )
      .execute();
  }

  async team(planId: number): Promise<TeamMember[]> {
    const rows = await this.db
      .selectFrom("plan_team_members")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("id")
      .execute();
    return rows.map((r) => ({ schoolCode: r.school_code, name: r.name, roleTitle: r.role_title }));
  }

  /** Replaces the teams; every member must belong to one of `schools` (the plan's). */
  async replaceTeam(
    planId: number,
    members: readonly TeamMember[],
    schools: ReadonlySet<string>,
  ): Promise<void> {
    members.forEach((m, i) => {
      if (!schools.has(m.schoolCode)) {
        throw new WorkspaceInputError(
          `school "${m.schoolCode}" is not in plan ${planId}`,
          `team[${i}].schoolCode`,
          m.schoolCode,
        );
      }
      if (m.name.trim() === "")
        throw new WorkspaceInputError("a team member needs a name", `team[${i}].name`, m.name);
    });
    await this.db.transaction().execute(async (tx) => {
      const plan = await tx
        .selectFrom("plans")
        .select("id")
        .where("id", "=", planId)
        .executeTakeFirst();
      if (!plan) throw new NotFoundError("plan", planId);
      await tx.deleteFrom("plan_team_members").where("plan_id", "=", planId).execute();
      if (members.length === 0) return;
      await tx
        .insertInto("plan_team_members")
        .values(
          members.map((m) => ({
            plan_id: planId,
            school_code: m.schoolCode,
            name: m.name.trim(),
            role_title: m.roleTitle.trim(),
          })),
        )
        .execute();
    });
  }
}
