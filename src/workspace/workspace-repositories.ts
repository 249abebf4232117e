import { ResourceRepository } from "../resources/resource-repository.ts";
import { AnnotationRepository } from "./annotation-repository.ts";
import { AuditLog } from "./audit-log.ts";
import { ChangeIdeaRepository } from "./change-idea-repository.ts";
import { type Clock, systemClock } from "./clock.ts";
import { DirectoryRepository } from "./directory-repository.ts";
import { DistrictRepository } from "./district-repository.ts";
import { InvitationRepository } from "./invitation-repository.ts";
import { LearningEntryRepository } from "./learning-entry-repository.ts";
import { LoginAttemptRepository } from "./login-attempt-repository.ts";
import { MeetingRepository } from "./meeting-repository.ts";
import { PdsaCycleRepository } from "./pdsa-cycle-repository.ts";
import { PlanRepository } from "./plan-repository.ts";
import { PlanReviewRepository } from "./plan-review-repository.ts";
import { PlanSectionsRepository } from "./plan-sections-repository.ts";
import { ProcessMeasureRepository } from "./process-measure-repository.ts";
import { ProgressScoreRepository } from "./progress-score-repository.ts";
import { PublishedRunRepository } from "./published-run-repository.ts";
import { SessionRepository } from "./session-repository.ts";
import { SubmissionRepository } from "./submission-repository.ts";
import { UserRepository } from "./user-repository.ts";
import type { WorkspaceDb } from "./workspace-schema.ts";

/** Every repository of the workspace over one database and one clock. */
export interface WorkspaceRepositories {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly loginAttempts: LoginAttemptRepository;
  readonly auditLog: AuditLog;
  readonly publishedRuns: PublishedRunRepository;
  readonly plans: PlanRepository;
  readonly planSections: PlanSectionsRepository;
  readonly pdsaCycles: PdsaCycleRepository;
  readonly meetings: MeetingRepository;
  readonly annotations: AnnotationRepository;
  readonly learning: LearningEntryRepository;
  readonly changeIdeas: ChangeIdeaRepository;
  readonly planReviews: PlanReviewRepository;
  readonly progressScores: ProgressScoreRepository;
  readonly processMeasures: ProcessMeasureRepository;
  /** The shared-resource library. */
  readonly resources: ResourceRepository;
  readonly districts: DistrictRepository;
  readonly invitations: InvitationRepository;
  readonly directory: DirectoryRepository;
  readonly submissions: SubmissionRepository;
}

export function workspaceRepositories(
  db: WorkspaceDb,
  clock: Clock = systemClock,
): WorkspaceRepositories {
  return {
    users: new UserRepository(db, clock),
    sessions: new SessionRepository(db, clock),
    loginAttempts: new LoginAttemptRepository(db, clock),
    auditLog: new AuditLog(db, clock),
    publishedRuns: new PublishedRunRepository(db, clock),
    plans: new PlanRepository(db, clock),
    planSections: new PlanSectionsRepository(db),
    pdsaCycles: new PdsaCycleRepository(db, clock),
    meetings: new MeetingRepository(db),
    annotations: new AnnotationRepository(db, clock),
    learning: new LearningEntryRepository(db, clock),
    changeIdeas: new ChangeIdeaRepository(db),
    planReviews: new PlanReviewRepository(db, clock),
    progressScores: new ProgressScoreRepository(db, clock),
    processMeasures: new ProcessMeasureRepository(db, clock),
    resources: new ResourceRepository(db, clock),
    districts: new DistrictRepository(db, clock),
    invitations: new InvitationRepository(db, clock),
    directory: new DirectoryRepository(db, clock),
    submissions: new SubmissionRepository(db, clock),
  };
}
