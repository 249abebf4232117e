import { useSchoolSupport } from "../api/queries.ts";
import type { CommunityRow, PairingRow, SchoolPlan } from "../api/types.ts";
import { formatValue } from "../format/format-value.ts";
import { groupLabel } from "../format/group-label.ts";
import { planPath } from "../format/plan-path.ts";
import { QueryState } from "./query-state.tsx";
import { RunLink } from "./run-link.tsx";

/**
 * Beside a school level's tier: who the school works with — its partner (or the school it
 * partners), its community of practice and the other members — and, for readers of the
 * workspace, each plan's aim and progress with a link to it, and the workspace's link. The server
 * sends plans only to those who may read them, and says whether the reader has a workspace; the
 * public sees the pairs and communities, which are public.
 */
export function SchoolSupport({
  runId,
  schoolCode,
  schoolLevel,
}: {
  runId: string;
  schoolCode: string;
  schoolLevel: string;
}) {
  const support = useSchoolSupport(runId, schoolCode);
  const data = support.data;
  const pairs = (data?.pairings ?? []).filter((p) => p.school_level === schoolLevel);
  const community = (data?.communities ?? []).filter((c) => c.school_level === schoolLevel);
  const plans = (data?.plans ?? []).filter(
    (p) => p.school_level === null || p.school_level === schoolLevel,
  );
  const own = community.find((c) => c.school_code === schoolCode);
  return (
    <QueryState pending={support.isPending} error={support.error} what="this school's support">
      {data ? (
        <div className="school-support" data-testid="school-support">
          {pairs.map((p) => (
            <Pair key={`${p.school_code}-${p.partner_code}`} pair={p} schoolCode={schoolCode} />
          ))}
          {own ? <Community own={own} rows={community} schoolCode={schoolCode} /> : null}
          {data.pairings_computed && pairs.length === 0 && !own ? (
            <p className="muted">No partner or community of practice at this level in this run.</p>
          ) : null}
          {plans.map((p) => (
            <PlanCard key={p.id} plan={p} />
          ))}
          {data.workspace ? (
            <p>
              <RunLink to="/workspace">Open the improvement workspace</RunLink>
              {plans.length === 0 && (pairs.length > 0 || own) ? (
                <span className="muted">
                  {" "}
                  (no plan of this school that you may see yet: a plan is started from its pair or
                  community on the <RunLink to="/support">support page</RunLink>)
                </span>
              ) : null}
            </p>
          ) : null}
        </div>
      ) : null}
    </QueryState>
  );
}

function Pair({ pair, schoolCode }: { pair: PairingRow; schoolCode: string }) {
  const priority = pair.school_code === schoolCode;
  const other = priority ? pair.partner_code : pair.school_code;
  const otherName = (priority ? pair.partner_name : pair.school_name) ?? other;
  return (
    <div className="support-item" data-support="pair">
      <p>
        <strong>{priority ? "Partner school: " : "Partner of: "}</strong>
        {other ? <RunLink to={`/schools/${other}`}>{otherName}</RunLink> : "none matched yet"}
        {priority ? null : " (this school supports it as its partner)"}
      </p>
      <p className="muted">{pair.reason}</p>
    </div>
  );
}

function Community({
  own,
  rows,
  schoolCode,
}: {
  own: CommunityRow;
  rows: readonly CommunityRow[];
  schoolCode: string;
}) {
  const others = rows.filter((r) => r.community_id === own.community_id && r !== own);
  return (
    <div className="support-item" data-support="community">
      <p>
        <strong>Community of practice: </strong>
        {own.community_id === null ? (
          "none could take the school yet"
        ) : (
          <>
            {own.problem_label ?? own.community_id}
            {others.length > 0 ? ", with " : ""}
            {others.map((r, i) => (
              <span key={r.school_code}>
                {i > 0 ? (i === others.length - 1 ? " and " : ", ") : ""}
                <RunLink to={`/schools/${r.school_code}`}>{r.school_name ?? r.school_code}</RunLink>
              </span>
            ))}
          </>
        )}
      </p>
      {own.school_code === schoolCode ? <p className="muted">{own.reason}</p> : null}
    </div>
  );
}

/** "from 20.0% to 18.5% by 2026-06-30 for all students". */
function aimFigures(aim: SchoolPlan["aim"]): string {
  const value = (v: number | null) =>
    v === null ? "withheld" : aim.metric ? formatValue(aim.metric, v) : String(v);
  const parts = [
    aim.baseline !== null || aim.target !== null
      ? `from ${value(aim.baseline)} to ${value(aim.target)}`
      : "",
    aim.by ? `by ${aim.by}` : "",
    aim.for_whom
      ? `for ${aim.for_whom}`
      : aim.student_group
        ? `for ${groupLabel(aim.student_group).toLowerCase()}`
        : "",
  ];
  return parts.filter(Boolean).join(" ");
}

/** A plan's progress in words: cycles and their decisions, meetings held and next. */
export function progressText(p: SchoolPlan["progress"]): string {
  const cycles =
    p.cycles_started === 0
      ? "no PDSA cycle yet"
      : `${p.cycles_started} PDSA cycle${p.cycles_started === 1 ? "" : "s"} started, ${p.cycles_completed} completed (${p.adopted} adopted, ${p.adapted} adapted, ${p.abandoned} abandoned)${p.cycles_overdue > 0 ? `, ${p.cycles_overdue} overdue` : ""}`;
  const meetings =
    p.meetings_held === 0
      ? "no meeting held yet"
      : `${p.meetings_held} meeting${p.meetings_held === 1 ? "" : "s"} held, the latest on ${p.last_meeting}`;
  const next = p.next_meeting ? `; next meeting ${p.next_meeting}` : "";
  return `${cycles}; ${meetings}${next}.`;
}

function PlanCard({ plan }: { plan: SchoolPlan }) {
  const aim = aimFigures(plan.aim);
  return (
    <div className="support-item plan-card" data-support="plan">
      <p>
        <strong>Improvement plan: </strong>
        <RunLink to={planPath(plan)}>{plan.title}</RunLink>{" "}
        <span className="muted">
          ({plan.status}
          {plan.facilitator ? `, facilitated by ${plan.facilitator}` : ""})
        </span>
      </p>
      <p data-testid="plan-aim">
        <strong>Aim: </strong>
        {plan.aim.what || "not written yet"}
        {aim ? ` — ${aim}` : ""}.
      </p>
      <p data-testid="plan-progress">
        <strong>Progress: </strong>
        {progressText(plan.progress)}
      </p>
    </div>
  );
}
