import { Link, useSearchParams } from "react-router-dom";
import { PLANS_PER_PAGE, usePlanPage } from "../api/plan-queries.ts";
import { Pager } from "../components/pager.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { planPath } from "../format/plan-path.ts";

/**
 * The plans the signed-in user works on (their schools', district's, facilitation's, or all),
 * oldest first, {@link PLANS_PER_PAGE} a page (`?page=N`).
 */
export function WorkspacePage() {
  useDocumentTitle("Improvement workspace");
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("page") ?? "1");
  const page = Number.isInteger(asked) && asked >= 1 ? asked : 1;
  const found = usePlanPage(page);
  const plans = found.data?.plans;
  const total = found.data?.total ?? 0;
  return (
    <>
      <h1>Improvement workspace</h1>
      <p>
        What other schools have tested, with their results: the{" "}
        <Link to="/library">change-idea library</Link>.
      </p>
      <QueryState pending={found.isPending} error={found.error} what="the plans">
        {total === 0 ? (
          <p>
            No plan you work on yet. Plans are started from a pair or a community on the{" "}
            <RunLink to="/support">support page</RunLink>.
          </p>
        ) : null}
        <ul className="card-list">
          {plans?.map((p) => (
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
        {total > PLANS_PER_PAGE || page > 1 ? (
          <Pager
            label="Plan pages"
            what="plans"
            total={total}
            page={page}
            pages={Math.max(1, Math.ceil(total / PLANS_PER_PAGE))}
            first={(page - 1) * PLANS_PER_PAGE + 1}
            last={(page - 1) * PLANS_PER_PAGE + (plans?.length ?? 0)}
            onPage={(p) => setParams(p === 1 ? {} : { page: String(p) })}
          />
        ) : null}
      </QueryState>
    </>
  );
}
