import { useFacilitationQueue } from "../api/facilitation-queries.ts";
import { useSession } from "../api/session.tsx";
import type { FacilitationQueue } from "../api/types.ts";
import { ReviewForm } from "../components/plan/review-form.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { planPath } from "../format/plan-path.ts";

type PlanRef = FacilitationQueue["not_met"][number]["plan"];

function PlanName({ plan }: { plan: PlanRef }) {
  return <RunLink to={planPath(plan)}>{plan.title}</RunLink>;
}

const schoolName = (plan: PlanRef, code: string | null) =>
  plan.schools.find((s) => s.school_code === code)?.school_name ?? code ?? "—";

/**
 * What needs the facilitator across their plans today: plans the teams submitted for review
 * (reviewed here, with comments), PDSA cycles past their due date with no decision, and pairs or
 * communities that have not met this quarter. The hub sees every plan's, a district admin their
 * district's.
 */
export function FacilitationPage() {
  useDocumentTitle("Facilitation");
  const { me } = useSession();
  const queue = useFacilitationQueue();
  const q = queue.data;
  const canReview = me?.role === "hub_admin" || me?.role === "facilitator";
  return (
    <>
      <h1>What needs you</h1>
      <QueryState pending={queue.isPending} error={queue.error} what="the facilitation list">
        {q ? (
          <>
            <p>
              {q.plans} plan{q.plans === 1 ? "" : "s"} on {q.today}, quarter {q.quarter.key} (
              {q.quarter.start} to the end of {q.quarter.months[2]}): {q.awaiting_review.length}{" "}
              awaiting review, {q.overdue_cycles.length} cycle
              {q.overdue_cycles.length === 1 ? "" : "s"} overdue, {q.not_met.length} not met this
              quarter.
            </p>
            <section aria-labelledby="awaiting-title">
              <h2 id="awaiting-title">Plans awaiting your review ({q.awaiting_review.length})</h2>
              {q.awaiting_review.length === 0 ? <p>No plan is waiting for a review.</p> : null}
              <ul className="card-list">
                {q.awaiting_review.map(({ plan, review }) => (
                  <li key={review.id} className="card">
                    <h3>
                      <PlanName plan={plan} />
                    </h3>
                    <p>
                      Submitted {review.submitted_at.slice(0, 10)} by {review.submitted_by}
                      {review.submission_note ? `: “${review.submission_note}”` : "."}
                    </p>
                    {canReview ? <ReviewForm planId={plan.id} review={review} /> : null}
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="overdue-title">
              <h2 id="overdue-title">PDSA cycles overdue ({q.overdue_cycles.length})</h2>
              {q.overdue_cycles.length === 0 ? (
                <p>No cycle is past its due date without a decision.</p>
              ) : (
                <div className="table-scroll">
                  <table>
                    <caption>
                      Cycles past their due date with no adopt, adapt or abandon decision, most days
                      late first
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Cycle</th>
                        <th scope="col">Plan</th>
                        <th scope="col">School</th>
                        <th scope="col">Due</th>
                        <th scope="col">Days late</th>
                      </tr>
                    </thead>
                    <tbody>
                      {q.overdue_cycles.map((c) => (
                        <tr key={c.cycle_id}>
                          <th scope="row">
                            {c.cycle_number}. {c.title}
                          </th>
                          <td>
                            <PlanName plan={c.plan} />
                          </td>
                          <td>{schoolName(c.plan, c.school_code)}</td>
                          <td>{c.due_on}</td>
                          <td className="num">{c.days_late}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section aria-labelledby="unmet-title">
              <h2 id="unmet-title">Not met this quarter ({q.not_met.length})</h2>
              {q.not_met.length === 0 ? (
                <p>Every pair and community has met this quarter.</p>
              ) : (
                <ul className="card-list">
                  {q.not_met.map((n) => (
                    <li key={n.plan.id} className="card">
                      <h3>
                        <PlanName plan={n.plan} />
                      </h3>
                      <p>
                        {n.plan.kind === "pair" ? "Pair" : "Community"}:{" "}
                        {n.plan.schools.map((s) => s.school_name).join(", ")}. Last met:{" "}
                        {n.last_held ?? "never"}.{" "}
                        {n.next_scheduled
                          ? `Next meeting scheduled ${n.next_scheduled}.`
                          : "No meeting scheduled this quarter."}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        ) : null}
      </QueryState>
    </>
  );
}
