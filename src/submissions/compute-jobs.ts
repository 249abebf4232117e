import { randomBytes } from "node:crypto";

/** The stages `computeRun` reports as done, in order (its progress messages "<stage> done"). */
export const COMPUTE_STAGES = [
  "measures",
  "periodic",
  "growth",
  "levels",
  "index",
  "identification",
  "pairing",
] as const;

/** A compute started from the hub's page: its progress and, once done, its run. */
export interface ComputeJob {
  readonly id: string;
  readonly year: number;
  readonly startedBy: number;
  readonly startedAt: Date;
  status: "queued" | "running" | "done" | "failed";
  /** Stages done of {@link COMPUTE_STAGES} (a baseline run's stages count too). */
  stagesDone: number;
  /** The latest progress message. */
  step: string;
  runId: string | null;
  finishedAt: Date | null;
  error: string | null;
}

/** Computes a year's run, reporting progress messages; resolves with the run's id. */
export type ComputeYear = (year: number, onProgress: (message: string) => void) => Promise<string>;

/**
 * The compute jobs started since the server started (kept in memory: a compute's result is its
 * run, which the warehouse keeps). `schedule` runs each job in turn with the submissions' loads.
 */
export class ComputeJobs {
  private readonly jobs = new Map<string, ComputeJob>();
  private readonly settled = new Map<string, Promise<void>>();

  constructor(
    private readonly compute: ComputeYear,
    private readonly schedule: <T>(work: () => Promise<T>) => Promise<T>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(year: number, startedBy: number): ComputeJob {
    const job: ComputeJob = {
      id: randomBytes(8).toString("hex"),
      year,
      startedBy,
      startedAt: this.now(),
      status: "queued",
      stagesDone: 0,
      step: "waiting for the submissions being loaded",
      runId: null,
      finishedAt: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    const done = this.schedule(async () => {
      job.status = "running";
      job.step = "starting";
      job.runId = await this.compute(year, (message) => {
        job.step = message;
        if (message.endsWith(" done")) job.stagesDone++;
      });
      job.status = "done";
      job.step = `run ${job.runId} computed`;
      job.finishedAt = this.now();
    }).catch((error: unknown) => {
      job.status = "failed";
      job.error = error instanceof Error ? error.message : String(error);
      job.finishedAt = this.now();
    });
    this.settled.set(job.id, done);
    return job;
  }

  get(id: string): ComputeJob | null {
    return this.jobs.get(id) ?? null;
  }

  /** The jobs of a year, newest first. */
  ofYear(year: number): ComputeJob[] {
    return [...this.jobs.values()]
      .filter((j) => j.year === year)
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }

  /** Settles when the job has finished (tests). */
  async finished(id: string): Promise<void> {
    await this.settled.get(id);
  }
}
