import { type Expression, type SqlBool, sql } from "kysely";
import type { PdsaDecision, WorkspaceDb } from "./workspace-schema.ts";

/** Which completed cycles: each filter given narrows the search; words must all appear. */
export interface ChangeIdeaQuery {
  /** A measure of one of the plan's problems of practice. */
  readonly metric?: string | undefined;
  /** A student group of one of the plan's problems (with `metric`: of the same problem). */
  readonly studentGroup?: string | undefined;
  readonly schoolLevel?: string | undefined;
  readonly decision?: PdsaDecision | undefined;
  /** Free text: every word must appear in the cycle's words or its school's name. */
  readonly text?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** A problem of practice of the plan a cycle belongs to: a measure × student group. */
export interface ChangeIdeaProblem {
  readonly metric: string;
  readonly studentGroup: string;
  readonly statement: string;
}

/**
 * A completed PDSA cycle (it has its adopt/adapt/abandon decision) with where it was tested: its
 * school, the school's district, the plan's level, run and problems of practice.
 */
export interface CompletedCycle {
  readonly cycleId: number;
  readonly planId: number;
  readonly planKind: "pair" | "community";
  readonly runId: string | null;
  readonly schoolLevel: string | null;
  readonly schoolCode: string | null;
  readonly schoolName: string | null;
  readonly districtCode: string | null;
  readonly title: string;
  readonly changeIdea: string;
  readonly question: string;
  readonly prediction: string;
  readonly what: string;
  readonly when: string;
  readonly where: string;
  readonly dataToCollect: string;
  readonly ranAsPlanned: boolean | null;
  readonly whatHappened: string | null;
  readonly results: string | null;
  readonly decision: PdsaDecision;
  /** The cycle it followed in its ramp. */
  readonly parentCycleId: number | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly problems: readonly ChangeIdeaProblem[];
}

/** One page of the search and how many cycles match in all. */
export interface ChangeIdeaPage {
  readonly total: number;
  readonly cycles: readonly CompletedCycle[];
}

/** What the library holds, to search by: the problems' measures × groups, and the levels. */
export interface ChangeIdeaFacets {
  readonly problems: readonly { readonly metric: string; readonly studentGroup: string }[];
  readonly schoolLevels: readonly string[];
}

export const DEFAULT_CHANGE_IDEA_LIMIT = 25;

/** `word` as a LIKE pattern matching it anywhere, its wildcards taken literally. */
function containing(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The change-idea library's store: every completed cycle of every plan, searchable by measure,
 * student group, school level, decision and words, newest first. What of it a reader is shown is
 * decided above this (see `src/improvement/change-idea-library.ts`).
 */
export class ChangeIdeaRepository {
  constructor(private readonly db: WorkspaceDb) {}

  /** The measures × groups of the problems of plans with a completed cycle, and their levels. */
  async facets(): Promise<ChangeIdeaFacets> {
    const completed = this.db
      .selectFrom("pdsa_cycles")
      .select("plan_id")
      .where("decision", "is not", null);
    const [problems, levels] = await Promise.all([
      this.db
        .selectFrom("plan_problems")
        .select(["metric", "student_group"])
        .distinct()
        .where("plan_id", "in", completed)
        .orderBy("metric")
        .orderBy("student_group")
        .execute(),
      this.db
        .selectFrom("plans")
        .select("school_level")
        .distinct()
        .where("id", "in", completed)
        .where("school_level", "is not", null)
        .orderBy("school_level")
        .execute(),
    ]);
    return {
      problems: problems.map((p) => ({ metric: p.metric, studentGroup: p.student_group })),
      schoolLevels: levels.map((l) => l.school_level ?? ""),
    };
  }

  async search(q: ChangeIdeaQuery): Promise<ChangeIdeaPage> {
    const words = (q.text ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 10);
    const base = this.db
      .selectFrom("pdsa_cycles as c")
      .innerJoin("plans as p", "p.id", "c.plan_id")
      .leftJoin("plan_schools as s", (j) =>
        j.onRef("s.plan_id", "=", "c.plan_id").onRef("s.school_code", "=", "c.school_code"),
      )
      .where("c.decision", "is not", null)
      .where((eb) => {
        const conditions: Expression<SqlBool>[] = [];
        if (q.schoolLevel !== undefined) conditions.push(eb("p.school_level", "=", q.schoolLevel));
        if (q.decision !== undefined) conditions.push(eb("c.decision", "=", q.decision));
        if (q.metric !== undefined || q.studentGroup !== undefined) {
          conditions.push(
            eb.exists(
              eb
                .selectFrom("plan_problems as pp")
                .select("pp.plan_id")
                .whereRef("pp.plan_id", "=", "c.plan_id")
                .$if(q.metric !== undefined, (w) => w.where("pp.metric", "=", q.metric ?? ""))
                .$if(q.studentGroup !== undefined, (w) =>
                  w.where("pp.student_group", "=", q.studentGroup ?? ""),
                ),
            ),
          );
        }
        for (const word of words) {
          conditions.push(
            sql<SqlBool>`concat_ws(' ', c.title, c.change_idea, c.question, c.prediction, c.plan_what,
              c.plan_when, c.plan_where, c.data_to_collect, c.do_notes, c.results, s.school_name)
              ilike ${containing(word)}`,
          );
        }
        return eb.and(conditions);
      });
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      base
        .select([
          "c.id",
          "c.plan_id",
          "p.kind",
          "p.run_id",
          "p.school_level",
          "c.school_code",
          "s.school_name",
          "s.district_code",
          "c.title",
          "c.change_idea",
          "c.question",
          "c.prediction",
          "c.plan_what",
          "c.plan_when",
          "c.plan_where",
          "c.data_to_collect",
          "c.ran_as_planned",
          "c.do_notes",
          "c.results",
          "c.study_notes",
          "c.decision",
          "c.parent_cycle_id",
          "c.started_at",
          "c.ended_at",
        ])
        .orderBy("c.ended_at", "desc")
        .orderBy("c.id", "desc")
        .limit(q.limit ?? DEFAULT_CHANGE_IDEA_LIMIT)
        .offset(q.offset ?? 0)
        .execute(),
    ]);
    const planIds = [...new Set(rows.map((r) => r.plan_id))];
    const problems =
      planIds.length === 0
        ? []
        : await this.db
            .selectFrom("plan_problems")
            .select(["plan_id", "metric", "student_group", "statement"])
            .where("plan_id", "in", planIds)
            .orderBy("plan_id")
            .orderBy("position")
            .execute();
    const byPlan = new Map<number, typeof problems>();
    for (const p of problems) byPlan.set(p.plan_id, [...(byPlan.get(p.plan_id) ?? []), p]);
    return {
      total: Number(count.n),
      cycles: rows.map((r) => ({
        cycleId: r.id,
        planId: r.plan_id,
        planKind: r.kind,
        runId: r.run_id,
        schoolLevel: r.school_level,
        schoolCode: r.school_code,
        schoolName: r.school_name,
        districtCode: r.district_code ?? r.school_code?.slice(0, 7) ?? null,
        title: r.title,
        changeIdea: r.change_idea,
        question: r.question,
        prediction: r.prediction,
        what: r.plan_what,
        when: r.plan_when,
        where: r.plan_where,
        dataToCollect: r.data_to_collect,
        ranAsPlanned: r.ran_as_planned,
        whatHappened: r.do_notes,
        results: r.results ?? r.study_notes,
        // The query keeps only cycles with a decision.
        decision: r.decision as PdsaDecision,
        parentCycleId: r.parent_cycle_id,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        problems: (byPlan.get(r.plan_id) ?? []).map((p) => ({
          metric: p.metric,
          studentGroup: p.student_group,
          statement: p.statement,
        })),
      })),
    };
  }
}
