import { usePlans } from "../api/plan-queries.ts";
import { planPath } from "../components/plan/plan-path.ts";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";

/** The plans the signed-in user works on (their schools', district's, facilitation's, or all). */
export function WorkspacePage() {
  useDocumentTitle("Improvement workspace");
  const plans = usePlans();
  return (
    <>
      <h1>Improvement workspace</h1>
      <QueryState pending={plans.isPending} error={plans.error} what="the plans">
        {plans.data?.length === 0 ? (
          <p>
            No plan you work on yet. Plans are started from a pair or a community on the{" "}
            <RunLink to="/support">support page</RunLink>.
          </p>
        ) : null}
        <ul className="card-list">
          {plans.data?.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <RunLink to={planPath(p)}>{p.title}</RunLink>
              </h2>
              <p>
                {p.schools.map((s) => s.school_name).join(", ")} · {p.status}
              </p>
            </li>
          ))}
        </ul>
      </QueryState>
    </>
  );
}
