import { useParams } from "react-router-dom";
import { ApiError } from "../api/api-client.ts";
import {
  type GroupRef,
  useCreatePlan,
  usePlan,
  usePlanDraft,
  usePlans,
} from "../api/plan-queries.ts";
import { useSession } from "../api/session.tsx";
import type { Plan, PlanDraft } from "../api/types.ts";
import { ErrorNotice } from "../components/error-notice.tsx";
import { DriverEditor } from "../components/plan/driver-editor.tsx";
import { FacilitatorAssignment } from "../components/plan/facilitator-assignment.tsx";
import { PdsaCycles } from "../components/plan/pdsa-cycles.tsx";
import { PlanEvidence } from "../components/plan/plan-evidence.tsx";
import { PlanMeetings } from "../components/plan/plan-meetings.tsx";
import { PlanReviewSection } from "../components/plan/plan-review.tsx";
import {
  AgreementSection,
  AimSection,
  ChecklistSection,
} from "../components/plan/plan-sections.tsx";
import { PrivacyNote } from "../components/plan/privacy-note.tsx";
import { ProgressScores } from "../components/plan/progress-scores.tsx";
import { TwoWayLearning } from "../components/plan/two-way-learning.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { formatValue } from "../format/format-value.ts";

const SOURCE_LABEL = {
  focus_trigger: "why the school was identified",
  partner_strength: "where the partner is stronger",
  weakest: "among the school's weakest measures",
  community: "the community's shared problem",
} as const;

/** The identification's proposal, with the button that makes it the plan. */
function DraftView({ draft, refOf }: { draft: PlanDraft; refOf: GroupRef }) {
  const create = useCreatePlan();
  const name = (code: string) =>
    draft.schools.find((s) => s.school_code === code)?.school_name ?? code;
  return (
    <section aria-labelledby="draft-title">
      <h2 id="draft-title">No plan yet: what the identification proposes</h2>
      <p>Schools: {draft.schools.map((s) => `${s.school_name} (${s.role})`).join(", ")}.</p>
      <h3>Problems of practice</h3>
      <ol>
        {draft.problems.map((p) => (
          <li key={`${p.student_group}|${p.metric}`}>
            <strong>{p.statement}</strong> <span className="muted">— {SOURCE_LABEL[p.source]}</span>
            <ul>
              {p.figures.map((f) => (
                <li key={f.school_code}>
                  {name(f.school_code)}:{" "}
                  {f.withheld
                    ? "withheld (a small group)"
                    : f.value === null
                      ? "no result"
                      : `${formatValue(p.metric, f.value)}, level ${f.level ?? "—"}${
                          f.change_to_next !== null
                            ? `; next level at ${formatValue(p.metric, f.value + f.change_to_next)}`
                            : ""
                        }`}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <p>
        Aim offered: {draft.aim.what || "—"}
        {draft.aim.target !== null && draft.aim.metric
          ? `, to ${formatValue(draft.aim.metric, draft.aim.target)} (the next level)`
          : ""}{" "}
        by {draft.aim.by}, for {draft.aim.for_whom || "—"}.
      </p>
      <button type="button" onClick={() => create.mutate(refOf)} disabled={create.isPending}>
        Create the plan from the identification
      </button>
      <ErrorNotice error={create.error} />
    </section>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const { me } = useSession();
  const mySchool = me?.role === "school_staff" ? (me.schoolCode ?? null) : null;
  // The server decides; these only choose which forms to show. A facilitator who can read the
  // plan is its assigned one.
  const canAssign = me?.role === "hub_admin" || me?.role === "district_admin";
  const canReview = me?.role === "hub_admin" || me?.role === "facilitator";
  return (
    <>
      <p>
        {plan.schools.map((s, i) => (
          <span key={s.school_code}>
            {i > 0 ? ", " : ""}
            <RunLink to={`/schools/${s.school_code}`}>{s.school_name}</RunLink> ({s.role})
          </span>
        ))}
        . Facilitator: {plan.facilitator ?? "none assigned"}. Status: {plan.status}.
      </p>
      {canAssign ? <FacilitatorAssignment plan={plan} /> : null}
      <PrivacyNote />
      <AimSection plan={plan} canWrite />
      <DriverEditor plan={plan} canWrite />
      <ChecklistSection plan={plan} canWrite />
      <AgreementSection plan={plan} canWrite />
      <PdsaCycles plan={plan} canWrite mySchool={mySchool} />
      <PlanMeetings plan={plan} canWrite />
      <TwoWayLearning plan={plan} canWrite mySchool={mySchool} />
      <PlanReviewSection plan={plan} canReview={canReview} />
      <ProgressScores plan={plan} canWrite />
      <PlanEvidence plan={plan} canWrite />
    </>
  );
}

/**
 * A pair's or community's improvement workspace: its plan when one was made, else the plan the
 * identification proposes with a button to make it (for those who may start one). Anyone outside
 * the pair or community learns nothing: the server answers as if there were no plan.
 */
export function PlanPage() {
  const params = useParams();
  const ref: GroupRef = {
    run_id: params.runId ?? "",
    kind: params.kind === "community" ? "community" : "pair",
    school_level: (params.level ?? "elementary") as GroupRef["school_level"],
    group_key: params.key ?? "",
  };
  const plans = usePlans(ref);
  const planId = plans.data?.[0]?.id;
  const plan = usePlan(planId);
  const draft = usePlanDraft(ref, plans.isSuccess && planId === undefined);
  const title =
    plan.data?.title ?? (ref.kind === "pair" ? "Pair workspace" : `Community ${ref.group_key}`);
  useDocumentTitle(title);
  const refused =
    draft.error instanceof ApiError && (draft.error.status === 403 || draft.error.status === 401);
  return (
    <>
      <h1>{title}</h1>
      <QueryState pending={plans.isPending} error={plans.error} what="the plans">
        {planId !== undefined ? (
          <QueryState pending={plan.isPending} error={plan.error} what="this plan">
            {plan.data ? <PlanView plan={plan.data} /> : null}
          </QueryState>
        ) : refused ? (
          <p className="notice">
            No plan has been started for this {ref.kind} that you can see. Its facilitator, a
            district administrator of its schools or the hub starts it.
          </p>
        ) : (
          <QueryState pending={draft.isPending} error={draft.error} what="the proposed plan">
            {draft.data ? <DraftView draft={draft.data} refOf={ref} /> : null}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
