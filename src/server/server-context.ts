import { tmpdir } from "node:os";
import { join } from "node:path";
import { LoginRateLimiter } from "../accounts/login-rate-limiter.ts";
import type { ScryptParams } from "../accounts/password-hash.ts";
import type { RunCells, WithheldIndexes } from "../disclosure/run-decisions.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import type { LoadedOverlay } from "../domain/framework/load-district-overlay.ts";
import {
  type ImprovementTemplates,
  loadImprovementTemplates,
} from "../improvement/improvement-templates.ts";
import { ResourceRepository } from "../resources/resource-repository.ts";
import { previousRunId, readDistrictSeason } from "../results/periodic-season.ts";
import { readPeriodicRows, shownPeriodicSeries } from "../results/periodic-series.ts";
import { loadRunReportData, type RunReportData } from "../results/run-report-data.ts";
import { RunStore } from "../results/run-store.ts";
import { SeasonalContexts } from "../results/seasonal-contexts.ts";
import { ComputeJobs, type ComputeYear } from "../submissions/compute-jobs.ts";
import { computeYearOn } from "../submissions/compute-year.ts";
import { SubmissionDesk } from "../submissions/submission-desk.ts";
import { type UploadLimits, uploadLimits } from "../submissions/upload-limits.ts";
import { ConnectionPool } from "../warehouse/connection-pool.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { AnnotationRepository } from "../workspace/annotation-repository.ts";
import { AuditLog } from "../workspace/audit-log.ts";
import { ChangeIdeaRepository } from "../workspace/change-idea-repository.ts";
import type { Clock } from "../workspace/clock.ts";
import { DirectoryRepository } from "../workspace/directory-repository.ts";
import { DistrictRepository } from "../workspace/district-repository.ts";
import { InvitationRepository } from "../workspace/invitation-repository.ts";
import { LearningEntryRepository } from "../workspace/learning-entry-repository.ts";
import { LoginAttemptRepository } from "../workspace/login-attempt-repository.ts";
import { MeetingRepository } from "../workspace/meeting-repository.ts";
import type { Workspace } from "../workspace/open-workspace.ts";
import { PdsaCycleRepository } from "../workspace/pdsa-cycle-repository.ts";
import { PlanRepository } from "../workspace/plan-repository.ts";
import { PlanReviewRepository } from "../workspace/plan-review-repository.ts";
import { PlanSectionsRepository } from "../workspace/plan-sections-repository.ts";
import { ProcessMeasureRepository } from "../workspace/process-measure-repository.ts";
import { ProgressScoreRepository } from "../workspace/progress-score-repository.ts";
import { PublishedRunRepository } from "../workspace/published-run-repository.ts";
import { SessionRepository } from "../workspace/session-repository.ts";
import { SubmissionRepository } from "../workspace/submission-repository.ts";
import { UserRepository } from "../workspace/user-repository.ts";
import { AddressExportLimit } from "./address-export-limit.ts";
import { ExportPace } from "./export-pace.ts";

/** Connections the routes' statements run on, each statement on a free one. */
export const DEFAULT_READ_CONNECTIONS = 4;
/** Export downloads streaming at once (each holds a connection of its own); more wait their turn. */
export const DEFAULT_EXPORT_CONNECTIONS = 2;
/** Export downloads one anonymous client address may have running at once; more get a 429. */
export const DEFAULT_ANONYMOUS_EXPORTS_AT_ONCE = 2;
/** Export requests one anonymous client address may make a minute; more get a 429. */
export const DEFAULT_ANONYMOUS_EXPORTS_PER_MINUTE = 20;
/** The share of the event loop exports may hold while other requests wait (`ExportPace`). */
export const DEFAULT_EXPORT_SHARE = 0.25;
/** Published runs (the current one of each of the latest years) whose decisions are made at start. */
export const DEFAULT_WARM_UP_RUNS = 3;

/** Server settings with production defaults. */
export interface ServerOptions {
  /**
   * The session cookie always Secure with the `__Host-` prefix. Default false: Secure (and
   * prefixed) on each request that came over HTTPS or whose proxy says so (`cameOverHttps`).
   */
  readonly secureCookies?: boolean;
  /** A built web app to serve at `/` with an SPA fallback; null or missing folder: none. */
  readonly webRoot?: string | null;
  /** scrypt parameters for rehashing on login (tests pass cheap ones). */
  readonly scryptParams?: ScryptParams;
  /** Requests per minute per IP on POST /api/auth/login (on top of the per-account limiter). */
  readonly loginRequestsPerMinute?: number;
  /** Fastify's request log. Default false. */
  readonly logger?: boolean;
  /** School reports kept in memory, serialized (runs are immutable: a report never goes stale); 0: none. Default 2000. */
  readonly reportCacheSize?: number;
  /** Runs whose report data (every school's results) and school contexts are kept in memory. Default 4. */
  readonly reportRunsKept?: number;
  /**
   * How often expired sessions and login attempts older than the rate-limit window are deleted
   * (also once at start). Default an hour (`DEFAULT_AUTH_CLEANUP_INTERVAL_MS`).
   */
  readonly authCleanupIntervalMs?: number;
  /** Warehouse connections the routes' reads run on side by side. Default 4 (`DEFAULT_READ_CONNECTIONS`). */
  readonly readConnections?: number;
  /**
   * Export downloads that stream at once, each on a warehouse connection of its own (more wait,
   * first come first served). Default 2 (`DEFAULT_EXPORT_CONNECTIONS`).
   */
  readonly exportConnections?: number;
  /** Anonymous export downloads one client address may run at once (429 beyond). Default 2. */
  readonly anonymousExportsAtOnce?: number;
  /** Anonymous export requests one client address may make a minute (429 beyond). Default 20. */
  readonly anonymousExportsPerMinute?: number;
  /** Rows an export reads, discloses and writes at a time (at most 2,048). Default 128. */
  readonly exportBatchRows?: number;
  /**
   * The share of the event loop export downloads may hold, together, while other requests wait
   * for an answer (none waiting: all of it). Default 0.25 (`DEFAULT_EXPORT_SHARE`).
   */
  readonly exportShare?: number;
  /**
   * Published runs whose cell decisions and withheld indexes are made in the background once the
   * server is ready (the current run of each of the latest years), so that no reader waits for
   * them; 0: none. Default 3 (`DEFAULT_WARM_UP_RUNS`).
   */
  readonly warmUpRuns?: number;
  /** The largest file a shared resource's version may hold. Default 10 MiB (`DEFAULT_RESOURCE_MAX_BYTES`). */
  readonly resourceMaxBytes?: number;
  /** The districts' overlays (local measures) the computes started from the page include. */
  readonly overlays?: readonly LoadedOverlay[];
  /**
   * Where browser submissions are staged while validated, one folder each (`collab serve`: an
   * `uploads` folder beside the warehouse). Default: a folder under the system's temp folder.
   */
  readonly uploadsDir?: string;
  /** Limits of a browser submission's upload (`DEFAULT_UPLOAD_LIMITS` for any not given). */
  readonly uploadLimits?: Partial<UploadLimits>;
}

/** What {@link buildApp} is given: I/O comes in, nothing is opened here. */
export interface ServerDeps {
  readonly warehouse: Warehouse;
  readonly workspace: Workspace;
  readonly framework: Framework;
  readonly clock: Clock;
  readonly options?: ServerOptions;
  /** The improvement workspace's templates (default: read from `frameworks/improvement`). */
  readonly templates?: ImprovementTemplates;
  /**
   * The compute the hub starts from the submissions page (`collab serve`: `computeRun` with the
   * framework file's bytes and the code version). Default: the same over `framework` as JSON.
   */
  readonly computeYear?: ComputeYear;
}

/** Everything a route reads: the stores, the framework, the repositories. */
export interface ServerContext {
  readonly warehouse: Warehouse;
  readonly framework: Framework;
  readonly clock: Clock;
  readonly options: ServerOptions;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly loginAttempts: LoginAttemptRepository;
  readonly audit: AuditLog;
  readonly published: PublishedRunRepository;
  readonly plans: PlanRepository;
  readonly planSections: PlanSectionsRepository;
  readonly pdsaCycles: PdsaCycleRepository;
  readonly meetings: MeetingRepository;
  readonly templates: ImprovementTemplates;
  /** Dated notes on schools' periodic charts. */
  readonly annotations: AnnotationRepository;
  /** Two-way learning entries of the plans. */
  readonly learning: LearningEntryRepository;
  /** The change-idea library: completed PDSA cycles across the network. */
  readonly changeIdeas: ChangeIdeaRepository;
  /** Plans submitted for their facilitator's review, and the answers. */
  readonly planReviews: PlanReviewRepository;
  /** Teams' monthly self-assessed progress scores. */
  readonly progressScores: ProgressScoreRepository;
  /** Plans' local process measures and their values. */
  readonly processMeasures: ProcessMeasureRepository;
  /** The shared-resource library. */
  readonly resources: ResourceRepository;
  /** The collaborative's districts, invitations and role-alike directory (issue #18). */
  readonly districts: DistrictRepository;
  readonly invitations: InvitationRepository;
  readonly directory: DirectoryRepository;
  readonly limiter: LoginRateLimiter;
  /** Browser submissions and their jobs' state. */
  readonly submissions: SubmissionRepository;
  /** Stages browser submissions and validates and loads them through the server's warehouse. */
  readonly submissionDesk: SubmissionDesk;
  /** Computes the hub started from its page. */
  readonly computeJobs: ComputeJobs;
  /** Run ids known to have been published (publication is never undone). */
  readonly publishedRuns: Set<string>;
  /**
   * Per run, the school × levels whose index uses a cell hidden in the suppressed form (runs are
   * immutable; filled by `withheldIndexes`), with their exact index figures.
   */
  readonly withheldIndexes: Map<string, Promise<WithheldIndexes>>;
  /** Per run, every group cell's decision for a reader of the suppressed form (`runCells`). */
  readonly runCells: Map<string, Promise<RunCells>>;
  /** Per run (the `reportRunsKept` latest asked for), every school's report data, read in one pass. */
  readonly reportData: RunStore<RunReportData>;
  /** What seasonal charts compare a year with (the periodic chart route and plans' evidence). */
  readonly seasonal: SeasonalContexts;
  /**
   * A read of `warehouse`: runs `work` at once. Reads run side by side, each statement on a free
   * connection of `readers.reads` (it used to be a queue, when there was one connection).
   */
  readonly read: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * A change that reads before it writes (a pairing override takes the next number): one at a
   * time, so that two are never interleaved. Reads go on beside it.
   */
  readonly write: <T>(work: () => Promise<T>) => Promise<T>;
  readonly readers: Readers;
}

/** Where the warehouse is read from, and how busy it is (for operators, the benchmark and tests). */
export interface Readers {
  /** The connections `ServerContext.warehouse` lends its statements. */
  readonly reads: ConnectionPool;
  /** The connections export downloads hold while they stream. */
  readonly exports: ConnectionPool;
  /** Anonymous export downloads running per client address. */
  readonly perAddress: AddressExportLimit;
  /** Rows export downloads have read from the warehouse since the server started. */
  exportedRows: number;
  /** Requests being answered now, export downloads included. */
  requests: number;
  /** Export batches take turns and give way to other requests. */
  readonly pace: ExportPace;
}

/**
 * Builds the context: repositories over the workspace, sharing the clock, and the warehouse read
 * through pools of connections to `deps.warehouse`'s database (opened when first needed; close
 * `readers.reads` and `readers.exports` before the warehouse).
 */
export function serverContext(deps: ServerDeps): ServerContext {
  const db = deps.workspace.db;
  const options = deps.options ?? {};
  let writes: Promise<unknown> = Promise.resolve();
  const write = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writes.then(work, work);
    writes = next.catch(() => undefined);
    return next;
  };
  const reads = new ConnectionPool(
    deps.warehouse,
    options.readConnections ?? DEFAULT_READ_CONNECTIONS,
  );
  const readers: Readers = {
    reads,
    exports: new ConnectionPool(
      deps.warehouse,
      options.exportConnections ?? DEFAULT_EXPORT_CONNECTIONS,
    ),
    perAddress: new AddressExportLimit(
      options.anonymousExportsAtOnce ?? DEFAULT_ANONYMOUS_EXPORTS_AT_ONCE,
    ),
    exportedRows: 0,
    requests: 0,
    pace: new ExportPace(options.exportShare ?? DEFAULT_EXPORT_SHARE, () => {
      const exports = readers.exports.activity;
      return readers.requests > exports.busy + exports.waiting;
    }),
  };
  const loginAttempts = new LoginAttemptRepository(db, deps.clock);
  const submissions = new SubmissionRepository(db, deps.clock);
  // the server owns the warehouse file: submissions and computes write through deps.warehouse
  const districts = new DistrictRepository(db, deps.clock);
  const submissionDesk = new SubmissionDesk({
    warehouse: deps.warehouse,
    submissions,
    uploadsDir: options.uploadsDir ?? join(tmpdir(), `collab-uploads-${process.pid}`),
    limits: uploadLimits(options.uploadLimits),
    now: deps.clock,
    onJobError: (id, error) => console.error(`collab serve: submission ${id} failed: ${error}`),
    admit: (code, year, tables) => districts.submissionAllowed(code, year, tables),
  });
  const computeJobs = new ComputeJobs(
    deps.computeYear ??
      computeYearOn(
        deps.warehouse,
        deps.framework,
        JSON.stringify(deps.framework),
        "server",
        async () => {
          const list = await districts.membership();
          return {
            membership: list.length > 0 ? { source: "workspace", districts: list } : null,
            overlays: options.overlays ?? [],
          };
        },
      ),
    (work) => submissionDesk.exclusive(work),
    deps.clock,
  );
  return {
    warehouse: reads.warehouse,
    framework: deps.framework,
    clock: deps.clock,
    options,
    users: new UserRepository(db, deps.clock),
    sessions: new SessionRepository(db, deps.clock),
    loginAttempts,
    audit: new AuditLog(db, deps.clock),
    published: new PublishedRunRepository(db, deps.clock),
    plans: new PlanRepository(db, deps.clock),
    planSections: new PlanSectionsRepository(db),
    pdsaCycles: new PdsaCycleRepository(db, deps.clock),
    meetings: new MeetingRepository(db),
    templates: deps.templates ?? loadImprovementTemplates(),
    annotations: new AnnotationRepository(db, deps.clock),
    learning: new LearningEntryRepository(db, deps.clock),
    changeIdeas: new ChangeIdeaRepository(db),
    planReviews: new PlanReviewRepository(db, deps.clock),
    progressScores: new ProgressScoreRepository(db, deps.clock),
    processMeasures: new ProcessMeasureRepository(db, deps.clock),
    resources: new ResourceRepository(db, deps.clock),
    districts,
    invitations: new InvitationRepository(db, deps.clock),
    directory: new DirectoryRepository(db, deps.clock),
    limiter: new LoginRateLimiter(loginAttempts, deps.clock),
    submissions,
    submissionDesk,
    computeJobs,
    publishedRuns: new Set(),
    withheldIndexes: new Map(),
    runCells: new Map(),
    reportData: new RunStore(
      (run) => loadRunReportData(reads.warehouse, run),
      options.reportRunsKept ?? 4,
    ),
    seasonal: new SeasonalContexts(
      {
        previousRun: (run) => previousRunId(reads.warehouse, run),
        districtSeason: (runId, district, measure) =>
          readDistrictSeason(reads.warehouse, runId, district, measure),
      },
      (runId, schoolCode, level, measure, suppress) =>
        readPeriodicRows(reads.warehouse, runId, schoolCode, { level, measure }).then((rows) =>
          shownPeriodicSeries(rows, deps.framework, suppress),
        ),
      options.reportCacheSize ?? 2000,
    ),
    read: (work) => work(),
    write,
    readers,
  };
}
