import { type Clock, systemClock } from "./clock.ts";
import { WorkspaceInputError } from "./workspace-errors.ts";
import type { WorkspaceDb } from "./workspace-schema.ts";

export interface Publication {
  readonly runId: string;
  readonly year: number;
  readonly publishedAt: Date;
  readonly publishedBy: number;
}

/**
 * Which run is published for each school year. Publishing appends to the history; the current
 * run of a year is the latest publication, so switching back to an older run is one more row.
 */
export class PublishedRunRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async publish(input: { runId: string; year: number; by: number }): Promise<Publication> {
    if (input.runId.trim() === "")
      throw new WorkspaceInputError("empty run id", "runId", input.runId);
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) {
      throw new WorkspaceInputError(`invalid school year ${input.year}`, "year", input.year);
    }
    const row = await this.db
      .insertInto("published_runs")
      .values({
        run_id: input.runId,
        year: input.year,
        published_at: this.clock(),
        published_by: input.by,
      })
      .returning(["run_id", "year", "published_at", "published_by"])
      .executeTakeFirstOrThrow();
    return {
      runId: row.run_id,
      year: row.year,
      publishedAt: row.published_at,
      publishedBy: row.published_by,
    };
  }

  /** The run currently published for `year`, if any. */
  async current(year: number): Promise<Publication | undefined> {
    return (await this.history(year))[0];
  }

  /** Publications, newest first; all years unless one is given. */
  async history(year?: number): Promise<Publication[]> {
    let q = this.db
      .selectFrom("published_runs")
      .select(["run_id", "year", "published_at", "published_by"]);
    if (year !== undefined) q = q.where("year", "=", year);
    const rows = await q.orderBy("published_at", "desc").orderBy("id", "desc").execute();
    return rows.map((r) => ({
      runId: r.run_id,
      year: r.year,
      publishedAt: r.published_at,
      publishedBy: r.published_by,
    }));
  }

  /** The current publication of every year that has one, newest year first. */
  async currentByYear(): Promise<Publication[]> {
    const current = new Map<number, Publication>();
    // Newest publication first: the first of a year is its current run.
    for (const p of await this.history()) if (!current.has(p.year)) current.set(p.year, p);
    return [...current.values()].sort((a, b) => b.year - a.year);
  }

  /** Whether `runId` is the current run of some year (what the public may read). */
  async isCurrent(runId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("published_runs as p")
      .select("p.run_id")
      .where("p.run_id", "=", runId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("published_runs as later")
              .select("later.id")
              .whereRef("later.year", "=", "p.year")
              .where((eb) =>
                eb.or([
                  eb("later.published_at", ">", eb.ref("p.published_at")),
                  eb.and([
                    eb("later.published_at", "=", eb.ref("p.published_at")),
                    eb("later.id", ">", eb.ref("p.id")),
                  ]),
                ]),
              ),
          ),
        ),
      )
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Whether `runId` was ever published (older published runs stay readable). */
  async wasPublished(runId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("published_runs")
      .select("run_id")
      .where("run_id", "=", runId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
