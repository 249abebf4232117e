/**
 * Response shapes of the HTTP API as the web app reads them (see /api/docs/json). The result
 * shapes are derived (json-schema-to-ts, types only: nothing of the server is bundled) from the
 * JSON schemas the server validates its responses with, declared once in `src/results/`; a change
 * to a response shows up here as a type error, not as a page that silently reads a missing field.
 */

import type { FromSchema } from "json-schema-to-ts";
import type { Role as RoleName } from "../../../src/access/role.ts";
import type { ME } from "../../../src/accounts/me-schema.ts";
import type { CHANGE_IDEA_PAGE } from "../../../src/improvement/change-idea-schema.ts";
import type { PLAN_EVIDENCE } from "../../../src/improvement/evidence-schema.ts";
import type {
  FACILITATION_QUEUE,
  FACILITATOR_CHOICE,
  NETWORK_ROLLUP,
  PROGRESS_SCORES_OF_PLAN,
  REVIEW,
} from "../../../src/improvement/facilitation-schema.ts";
import type { LEARNING_LIST } from "../../../src/improvement/learning-schema.ts";
import type {
  CYCLE,
  MEETING,
  PLAN,
  PLAN_DRAFT,
  PLAN_SUMMARY,
} from "../../../src/improvement/plan-schema.ts";
import type { GROUP_RESULT, SCHOOL_LEVEL } from "../../../src/results/api-schemas.ts";
import type { FACILITATOR_LIST } from "../../../src/results/facilitator-schema.ts";
import type { COMMUNITY_ROW, PAIRING_ROW } from "../../../src/results/pairing-schema.ts";
import type { PEER_LIST } from "../../../src/results/peer-schema.ts";
import type {
  ANNOTATION,
  PERIODIC_CATALOG,
  PERIODIC_CHART,
} from "../../../src/results/periodic-schema.ts";
import type { RUN, RUN_DETAIL, RUN_SUBMISSION } from "../../../src/results/run-schema.ts";
import type { SCHOOL_HISTORY } from "../../../src/results/school-history-schema.ts";
import type { SCHOOL_REPORT } from "../../../src/results/school-report-schema.ts";
import type { SCHOOL } from "../../../src/results/school-schema.ts";
import type { SCHOOL_SEARCH } from "../../../src/results/school-search-schema.ts";
import type { SCHOOL_SUPPORT } from "../../../src/results/school-support-schema.ts";
import type { STUDENT_LIST } from "../../../src/results/student-list-schema.ts";
import type { TIER_LIST } from "../../../src/results/tier-schema.ts";

/** A role (the anonymous visitor is `public`). */
export type Role = Me["role"];

/** Who is signed in (`GET /api/auth/me`). */
export type Me = Omit<FromSchema<typeof ME>, "role"> & { role: RoleName };

/** A computed run (`GET /api/runs`). */
export type Run = FromSchema<typeof RUN>;

/** A run with its manifest and the submissions it read (`GET /api/runs/:run`). */
export type RunDetail = FromSchema<typeof RUN_DETAIL>;

/** A submission a run read (`GET /api/runs/:run`'s `submissions`). */
export type RunSubmission = FromSchema<typeof RUN_SUBMISSION>;

export type SchoolLevel = FromSchema<typeof SCHOOL_LEVEL>;

/** A school of the directory (`GET /api/schools/:school`). */
export type School = FromSchema<typeof SCHOOL>;

/** A school's support tier (`GET /api/runs/:run/tiers`). */
export type TierRow = FromSchema<typeof TIER_LIST>["schools"][number];
export type Tier = TierRow["tier"];

/** One student group's result on a measure (`GET /api/runs/:run/measures/:metric`). */
export type GroupResult = FromSchema<typeof GROUP_RESULT>;

/** A school's report for one run (`GET /api/runs/:run/schools/:school/report`). */
export type SchoolReport = FromSchema<typeof SCHOOL_REPORT>;
export type ReportLevel = SchoolReport["levels"][number];
export type ReportMeasure = ReportLevel["measures"][number];
export type ReportGroup = ReportMeasure["groups"][number];
export type GrowthRow = NonNullable<ReportMeasure["growth"]>[number];
export type TrendPoint = ReportMeasure["trend"][number];

/** A school's history over the run chain (`GET /api/runs/:run/schools/:school/history?group=`). */
export type SchoolHistory = FromSchema<typeof SCHOOL_HISTORY>;
export type HistoryLevel = SchoolHistory["levels"][number];
export type HistoryMeasure = HistoryLevel["measures"][number];
export type HistoryBand = HistoryMeasure["bands"][number];
export type HistoryPoint = HistoryMeasure["series"][number]["points"][number];
export type HistoryGrowthPoint = NonNullable<HistoryMeasure["growth"]>[number]["points"][number];
export type HistoryIndexYear = HistoryLevel["index"][number];

/** The school search's answer (`GET /api/runs/:run/search?q=`). */
export type SchoolSearch = FromSchema<typeof SCHOOL_SEARCH>;
export type SchoolMatch = SchoolSearch["schools"][number];

/** A priority school's partner as it stands (`GET /api/runs/:run/pairings`). */
export type PairingRow = FromSchema<typeof PAIRING_ROW>;

/** A focus school's community of practice as it stands (`GET /api/runs/:run/communities`). */
export type CommunityRow = FromSchema<typeof COMMUNITY_ROW>;

/** The answer of the peer finder: the school, the measure compared, and its peers. */
export type PeerList = FromSchema<typeof PEER_LIST>;
/** A similar school (same level, nearest on student population) strong on the measure. */
export type Peer = PeerList["peers"][number];

/** A school's students, for its own district and school staff (`GET /api/schools/:school/students`). */
export type StudentList = FromSchema<typeof STUDENT_LIST>;
export type StudentRow = StudentList["students"][number];

/** An improvement plan of a pair or community (`GET /api/plans/:plan`) and its parts. */
export type Plan = FromSchema<typeof PLAN>;
export type PlanSummary = FromSchema<typeof PLAN_SUMMARY>;
export type PdsaCycle = FromSchema<typeof CYCLE>;
export type Meeting = FromSchema<typeof MEETING>;
export type DriverNode = Plan["drivers"]["nodes"][number];
/** The plan a pair's or community's identification proposes (`GET /api/runs/:run/plan-draft`). */
export type PlanDraft = FromSchema<typeof PLAN_DRAFT>;

/**
 * A school's pairs, communities and (for readers of the workspace) plans with their aim and
 * progress (`GET /api/runs/:run/schools/:school/support`).
 */
export type SchoolSupport = FromSchema<typeof SCHOOL_SUPPORT>;
export type SchoolPlan = SchoolSupport["plans"][number];
/** What needs the facilitator (`GET /api/facilitation`). */
export type FacilitationQueue = FromSchema<typeof FACILITATION_QUEUE>;
/** A plan's review: submitted, then reviewed or changes requested (`GET /api/plans/:id/reviews`). */
export type PlanReview = FromSchema<typeof REVIEW>;
/** A plan's facilitator and who could take it (`GET /api/plans/:id/facilitator`). */
export type FacilitatorChoice = FromSchema<typeof FACILITATOR_CHOICE>;
/** A team's monthly progress scores and the scale (`GET /api/plans/:id/progress-scores`). */
export type PlanProgressScores = FromSchema<typeof PROGRESS_SCORES_OF_PLAN>;
/** The hub's quarterly roll-up (`GET /api/network/rollup`). */
export type NetworkRollup = FromSchema<typeof NETWORK_ROLLUP>;
/** A plan's charts and what changed since it began (`GET /api/plans/:plan/evidence`). */
export type PlanEvidence = FromSchema<typeof PLAN_EVIDENCE>;
export type PlanChart = PlanEvidence["charts"][number];
export type ProcessMeasure = PlanEvidence["process_measures"][number];

/** A school's periodic measures (`GET /api/runs/:run/schools/:school/periodic`). */
export type PeriodicCatalog = FromSchema<typeof PERIODIC_CATALOG>;
export type PeriodicMeasure = PeriodicCatalog["levels"][number]["measures"][number];

/** A group's periodic series with its chart and notes (`…/periodic/:measure/chart`). */
export type PeriodicChart = FromSchema<typeof PERIODIC_CHART>;
export type PeriodicPoint = PeriodicChart["points"][number];
export type ChartResult = NonNullable<PeriodicChart["chart"]>;
export type ChartSignal = ChartResult["signals"][number];

/** A dated note on a school's charts (`POST /api/schools/:school/annotations`). */
export type Annotation = FromSchema<typeof ANNOTATION>;

/** A facilitator of improvement plans the reader may see, with their schools (`GET /api/facilitators`). */
export type Facilitator = FromSchema<typeof FACILITATOR_LIST>["facilitators"][number];

/** A plan's two-way learning, each school's side (`GET /api/plans/:plan/learning`). */
export type LearningList = FromSchema<typeof LEARNING_LIST>;
export type LearningSide = LearningList["schools"][number];
export type LearningEntry = LearningSide["took"][number];

/** A page of the change-idea library (`GET /api/change-ideas`). */
export type ChangeIdeaPage = FromSchema<typeof CHANGE_IDEA_PAGE>;
export type ChangeIdea = ChangeIdeaPage["change_ideas"][number];
