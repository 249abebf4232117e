import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../../api/api-client.ts";
import { usePlanEvidence } from "../../api/plan-queries.ts";
import type { Plan, PlanChart } from "../../api/types.ts";
import { ChartFigure } from "../chart-figure.tsx";
import { ErrorNotice } from "../error-notice.tsx";
import { InputField, SelectField } from "../form-field.tsx";
import { QueryState } from "../query-state.tsx";

/** A write of the plan's process measures, reading the evidence again after it. */
function useEvidenceWrite(planId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      path.endsWith("/measures") ? api.post<unknown>(path, body) : api.put<unknown>(path, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ["plan-evidence", planId] }),
  });
}

function Chart({ chart }: { chart: PlanChart }) {
  return (
    <ChartFigure
      heading="h3"
      view={{
        title: chart.title,
        name: chart.title,
        unit: chart.unit,
        direction: chart.direction,
        points: chart.points,
        chart: chart.chart,
        chartNote: chart.chart_note,
        notes: chart.annotations.map((a) => ({
          key: `${a.kind}-${a.ref_id}`,
          date: a.date,
          label: a.label,
          text: a.text,
        })),
      }}
    />
  );
}

function NewMeasureForm({ plan }: { plan: Plan }) {
  const write = useEvidenceWrite(plan.id);
  const [name, setName] = useState("");
  const [unit, setUnit] = useState("");
  const [chart, setChart] = useState<"run" | "xmr">("run");
  const [direction, setDirection] = useState<"higher_is_better" | "lower_is_better">(
    "higher_is_better",
  );
  return (
    <form
      className="process-measure-form"
      onSubmit={(e) => {
        e.preventDefault();
        write.mutate(
          {
            path: `/api/plans/${plan.id}/measures`,
            body: { name, unit, chart, direction },
          },
          { onSuccess: () => setName("") },
        );
      }}
    >
      <h3>Add a process measure</h3>
      <InputField
        label="Name"
        required
        maxLength={120}
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="Students reached each week"
      />
      <InputField
        label="Unit"
        required
        maxLength={40}
        value={unit}
        onChange={(e) => setUnit(e.target.value)}
        placeholder="students"
      />
      <SelectField
        label="Chart"
        value={chart}
        onChange={(e) => setChart(e.target.value as "run" | "xmr")}
      >
        <option value="run">Run chart (median, IHI rules)</option>
        <option value="xmr">XmR chart (mean and limits)</option>
      </SelectField>
      <SelectField
        label="Better is"
        value={direction}
        onChange={(e) => setDirection(e.target.value as typeof direction)}
      >
        <option value="higher_is_better">higher</option>
        <option value="lower_is_better">lower</option>
      </SelectField>
      <button type="submit" disabled={write.isPending}>
        Add the measure
      </button>
      <ErrorNotice error={write.error} />
    </form>
  );
}

function ValueForm({
  plan,
  measures,
}: {
  plan: Plan;
  measures: readonly { id: number; name: string }[];
}) {
  const id = useId();
  const write = useEvidenceWrite(plan.id);
  const [measure, setMeasure] = useState(String(measures[0]?.id ?? ""));
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [value, setValue] = useState("");
  if (measures.length === 0) return null;
  // The first measure until one is chosen (there may have been none when the form was made).
  const chosen = measures.some((m) => String(m.id) === measure) ? measure : String(measures[0]!.id);
  return (
    <form
      className="process-value-form"
      onSubmit={(e) => {
        e.preventDefault();
        write.mutate(
          {
            path: `/api/plans/${plan.id}/measures/${chosen}/values/${date}`,
            body: { value: Number(value) },
          },
          { onSuccess: () => setValue("") },
        );
      }}
    >
      <h3>Enter a value</h3>
      <div className="field">
        <label htmlFor={`${id}-measure`}>Measure</label>
        <select id={`${id}-measure`} value={chosen} onChange={(e) => setMeasure(e.target.value)}>
          {measures.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <InputField
        label="Date"
        type="date"
        required
        value={date}
        onChange={(e) => setDate(e.target.value)}
      />
      <InputField
        label="Value"
        type="number"
        step="any"
        required
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" disabled={write.isPending}>
        Save the value
      </button>
      <ErrorNotice error={write.error} />
    </form>
  );
}

/** Takes a measure away with all its values, after the reader confirms. */
function DeleteMeasureForm({
  plan,
  measures,
}: {
  plan: Plan;
  measures: readonly { id: number; name: string; values: number }[];
}) {
  const id = useId();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: (measureId: number) =>
      api.delete<unknown>(`/api/plans/${plan.id}/measures/${measureId}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["plan-evidence", plan.id] }),
  });
  const [measure, setMeasure] = useState("");
  if (measures.length === 0) return null;
  const chosen = measures.find((m) => String(m.id) === measure) ?? measures[0]!;
  return (
    <form
      className="process-delete-form"
      onSubmit={(e) => {
        e.preventDefault();
        const values = `${chosen.values} value${chosen.values === 1 ? "" : "s"}`;
        if (window.confirm(`Delete "${chosen.name}" and its ${values}? This cannot be undone.`))
          remove.mutate(chosen.id);
      }}
    >
      <h3>Delete a measure</h3>
      <div className="field">
        <label htmlFor={`${id}-measure`}>Measure</label>
        <select
          id={`${id}-measure`}
          value={String(chosen.id)}
          onChange={(e) => setMeasure(e.target.value)}
        >
          {measures.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={remove.isPending}>
        Delete the measure and its values
      </button>
      <ErrorNotice error={remove.error} />
    </form>
  );
}

/**
 * Evidence of progress: in words, which charts show a real change since the plan began (the
 * server's reading of each chart); the team's process measures with forms to add one and enter
 * values; and every chart, each with the plan's PDSA cycles and meetings as annotations — the
 * process measures first, then each school's periodic measures.
 */
export function PlanEvidence({ plan, canWrite }: { plan: Plan; canWrite: boolean }) {
  const evidence = usePlanEvidence(plan.id);
  const data = evidence.data;
  const process = data?.charts.filter((c) => c.source === "process") ?? [];
  const bySchool = plan.schools.map((s) => ({
    school: s,
    charts:
      data?.charts.filter((c) => c.source === "warehouse" && c.school_code === s.school_code) ?? [],
  }));
  return (
    <section aria-labelledby="evidence-title" className="plan-evidence">
      <h2 id="evidence-title">Evidence of progress</h2>
      <QueryState pending={evidence.isPending} error={evidence.error} what="the plan's charts">
        {data ? (
          <>
            <p>
              The plan began on <time dateTime={data.started_on}>{data.started_on}</time> (
              {data.started_by}). Each chart shows the plan's PDSA cycles and meetings as dashed
              marks; a chart with enough months before that day is judged against the limits of
              those months.
              {data.run_id
                ? ` School figures come from the ${data.year} published run.`
                : " No published run has figures for this plan's year."}
            </p>
            <div className="evidence-summary" aria-live="polite">
              <p>{data.summary[0]}</p>
              {data.summary.length > 1 ? (
                <ul>
                  {data.summary.slice(1).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              ) : null}
            </div>
            <h3>The team's process measures</h3>
            {process.length === 0 ? (
              <p className="muted">
                No process measure yet: count what the team does (students reached each week, calls
                made) to see the change ideas at work before the school's figures move.
              </p>
            ) : (
              process.map((c) => <Chart key={c.key} chart={c} />)
            )}
            {canWrite ? (
              <div className="process-forms">
                <NewMeasureForm plan={plan} />
                <ValueForm
                  plan={plan}
                  measures={data.process_measures.map((m) => ({ id: m.id, name: m.name }))}
                />
                <DeleteMeasureForm
                  plan={plan}
                  measures={data.process_measures.map((m) => ({
                    id: m.id,
                    name: m.name,
                    values: m.values.length,
                  }))}
                />
              </div>
            ) : null}
            {bySchool.map(({ school, charts }, i) => (
              <details key={school.school_code} open={i === 0} className="evidence-school">
                <summary>
                  {school.school_name}: {charts.length} chart{charts.length === 1 ? "" : "s"}
                  {charts.some((c) => c.changes.length > 0) ? ", with a real change" : ""}
                </summary>
                {charts.length === 0 ? (
                  <p className="muted">No periodic measure of this school in the run.</p>
                ) : (
                  charts.map((c) => <Chart key={c.key} chart={c} />)
                )}
              </details>
            ))}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
