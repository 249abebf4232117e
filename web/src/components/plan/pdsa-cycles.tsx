import { useId, useState } from "react";
import { Link } from "react-router-dom";
import { usePlanWrite } from "../../api/plan-queries.ts";
import type { PdsaCycle, Plan } from "../../api/types.ts";
import { ErrorNotice } from "../error-notice.tsx";
import { InputField, SelectField, TextAreaField } from "../form-field.tsx";

const DECISION_LABEL = { adopt: "Adopt", adapt: "Adapt", abandon: "Abandon" } as const;

/** The Plan part's fields, in the template's order. */
const PLAN_FIELDS = [
  ["change_idea", "Change idea being tested"],
  ["question", "Question this cycle answers"],
  ["prediction", "Prediction"],
  ["who", "Who"],
  ["what", "What"],
  ["when", "When"],
  ["where", "Where"],
  ["data_to_collect", "Data to collect"],
] as const;

type PlanField = (typeof PLAN_FIELDS)[number][0];

function Study({ plan, cycle, canWrite }: { plan: Plan; cycle: PdsaCycle; canWrite: boolean }) {
  const [what, setWhat] = useState(cycle.what_happened ?? "");
  const [results, setResults] = useState(cycle.results ?? "");
  const [decision, setDecision] = useState(cycle.decision ?? "");
  const save = usePlanWrite<unknown>(plan.id, "PUT", `/api/plans/${plan.id}/cycles/${cycle.id}`);
  const id = useId();
  if (!canWrite) {
    return (
      <dl>
        <dt>What happened</dt>
        <dd>{cycle.what_happened ?? "—"}</dd>
        <dt>Results against the prediction</dt>
        <dd>{cycle.results ?? "—"}</dd>
      </dl>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          what_happened: what,
          results,
          decision: decision === "" ? null : decision,
        });
      }}
    >
      <TextAreaField
        label="Do: what happened"
        rows={2}
        value={what}
        onChange={(e) => setWhat(e.target.value)}
      />
      <div className="field">
        <label htmlFor={`${id}-study`}>Study: results against the prediction</label>
        <textarea
          id={`${id}-study`}
          rows={2}
          aria-describedby={`${id}-shared`}
          value={results}
          onChange={(e) => setResults(e.target.value)}
        />
        <p id={`${id}-shared`} className="hint">
          Once decided, the cycle, its results and its school's context go into the network's{" "}
          <Link to="/library">change-idea library</Link>, which every signed-in user reads: no
          student names, and no counts of small groups of students.
        </p>
      </div>
      <SelectField label="Act" value={decision} onChange={(e) => setDecision(e.target.value)}>
        <option value="">Not decided</option>
        {Object.entries(DECISION_LABEL).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </SelectField>
      <button type="submit">Save cycle {cycle.cycle_number}</button>
      <ErrorNotice error={save.error} />
    </form>
  );
}

/**
 * The plan's PDSA cycles, each school's own, in ramps (a cycle names the one it follows), with
 * the form to plan a new one. School staff write their own school's cycles and read the partners'.
 */
export function PdsaCycles({
  plan,
  canWrite,
  mySchool,
}: {
  plan: Plan;
  canWrite: boolean;
  mySchool: string | null;
}) {
  const id = useId();
  const schools = plan.schools.filter((s) => mySchool === null || s.school_code === mySchool);
  const empty = Object.fromEntries(PLAN_FIELDS.map(([k]) => [k, ""])) as Record<PlanField, string>;
  const [draft, setDraft] = useState({
    ...empty,
    school_code: schools[0]?.school_code ?? "",
    due_on: "",
    parent_cycle_id: "",
  });
  const add = usePlanWrite<unknown>(plan.id, "POST", `/api/plans/${plan.id}/cycles`);
  const name = (code: string | null) =>
    plan.schools.find((s) => s.school_code === code)?.school_name ?? code ?? "—";
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>PDSA cycles</h2>
      {plan.cycles.length === 0 ? <p>No cycle yet.</p> : null}
      <ol className="card-list">
        {plan.cycles.map((c) => (
          <li key={c.id} className="card">
            <h3>
              Cycle {c.cycle_number}: {c.title || c.change_idea}{" "}
              <span className="muted">— {name(c.school_code)}</span>
            </h3>
            <p>
              {c.parent_cycle_id !== null
                ? `Follows cycle ${plan.cycles.find((p) => p.id === c.parent_cycle_id)?.cycle_number ?? "?"}. `
                : ""}
              {c.due_on ? `Due ${c.due_on}. ` : ""}
              {c.decision ? (
                <strong>
                  Decision: {DECISION_LABEL[c.decision as keyof typeof DECISION_LABEL]}.
                </strong>
              ) : c.overdue ? (
                <strong className="overdue">Overdue.</strong>
              ) : (
                "In progress."
              )}
            </p>
            <dl>
              {PLAN_FIELDS.filter(([k]) => c[k]).map(([k, l]) => (
                <div key={k}>
                  <dt>{l}</dt>
                  <dd>{c[k]}</dd>
                </div>
              ))}
            </dl>
            <Study
              plan={plan}
              cycle={c}
              canWrite={canWrite && (mySchool === null || mySchool === c.school_code)}
            />
          </li>
        ))}
      </ol>
      {canWrite ? (
        <form
          aria-labelledby={`${id}-new`}
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(
              {
                ...Object.fromEntries(PLAN_FIELDS.map(([k]) => [k, draft[k]])),
                school_code: draft.school_code,
                due_on: draft.due_on || null,
                parent_cycle_id: draft.parent_cycle_id ? Number(draft.parent_cycle_id) : null,
              },
              {
                onSuccess: () => setDraft({ ...draft, ...empty, due_on: "", parent_cycle_id: "" }),
              },
            );
          }}
        >
          <h3 id={`${id}-new`}>Plan a new cycle</h3>
          <SelectField
            label="School running it"
            value={draft.school_code}
            onChange={(e) => setDraft({ ...draft, school_code: e.target.value })}
          >
            {schools.map((s) => (
              <option key={s.school_code} value={s.school_code}>
                {s.school_name}
              </option>
            ))}
          </SelectField>
          {PLAN_FIELDS.map(([k, l]) => (
            <div className="field" key={k}>
              <label htmlFor={`${id}-${k}`}>{l}</label>
              <textarea
                id={`${id}-${k}`}
                rows={k === "change_idea" || k === "prediction" ? 2 : 1}
                required={k === "change_idea" || k === "prediction"}
                value={draft[k]}
                onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
              />
            </div>
          ))}
          <InputField
            label="Due date"
            type="date"
            value={draft.due_on}
            onChange={(e) => setDraft({ ...draft, due_on: e.target.value })}
          />
          <SelectField
            label="Follows cycle (ramp)"
            value={draft.parent_cycle_id}
            onChange={(e) => setDraft({ ...draft, parent_cycle_id: e.target.value })}
          >
            <option value="">None: a new ramp</option>
            {plan.cycles.map((c) => (
              <option key={c.id} value={c.id}>
                Cycle {c.cycle_number}: {c.change_idea}
              </option>
            ))}
          </SelectField>
          <button type="submit">Add cycle</button>
          <ErrorNotice error={add.error} />
        </form>
      ) : null}
    </section>
  );
}
