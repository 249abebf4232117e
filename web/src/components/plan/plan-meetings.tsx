import { useId, useState } from "react";
import { usePlanWrite } from "../../api/plan-queries.ts";
import type { Meeting, Plan } from "../../api/types.ts";
import { InputField, SelectField, TextAreaField } from "../form-field.tsx";

type Action = Meeting["actions"][number];

/** The next quarter's first weekday at 16:00 local time, as a `datetime-local` value. */
function nextQuarter(now: Date): string {
  const month = Math.floor(now.getMonth() / 3) * 3 + 3;
  const d = new Date(now.getFullYear(), month, 15, 16, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T16:00`;
}

/**
 * The plan's meetings (quarterly, by its cadence) and the form to record one: agenda from a
 * protocol, attendance by school and role, notes, decisions and next steps with owners and due
 * dates. The calendar link downloads every meeting as an .ics file.
 */
export function PlanMeetings({ plan, canWrite }: { plan: Plan; canWrite: boolean }) {
  const id = useId();
  const first = plan.protocols[0];
  const [title, setTitle] = useState("");
  const [when, setWhen] = useState(() => nextQuarter(new Date()));
  const [protocol, setProtocol] = useState(first?.key ?? "");
  const [agenda, setAgenda] = useState(first?.agenda ?? "");
  const [held, setHeld] = useState(false);
  const [notes, setNotes] = useState("");
  const [present, setPresent] = useState<Record<string, string>>({});
  const [actions, setActions] = useState<Action[]>([]);
  const [action, setAction] = useState<Action>({
    kind: "next_step",
    text: "",
    owner: "",
    due_on: null,
  });
  const add = usePlanWrite<unknown>(plan.id, "POST", `/api/plans/${plan.id}/meetings`);
  const name = (code: string | null) =>
    code === null
      ? "Hub / facilitator"
      : (plan.schools.find((s) => s.school_code === code)?.school_name ?? code);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Meetings</h2>
      <p>
        <a href={`/api/plans/${plan.id}/meetings.ics`} download>
          Download the meetings as a calendar (.ics)
        </a>
      </p>
      {plan.meetings.length === 0 ? <p>No meeting yet.</p> : null}
      <ul className="card-list">
        {plan.meetings.map((m) => (
          <li key={m.id} className="card">
            <h3>
              {m.title || "Meeting"}, {new Date(m.held_at).toLocaleString()}{" "}
              <span className="muted">{m.held ? "(held)" : "(scheduled)"}</span>
            </h3>
            {m.attendance.length > 0 ? (
              <p>
                Attended:{" "}
                {m.attendance.map((a) => `${a.role_title} (${name(a.school_code)})`).join(", ")}
              </p>
            ) : null}
            {m.agenda ? <pre className="agenda">{m.agenda}</pre> : null}
            {m.notes ? <p>{m.notes}</p> : null}
            {m.actions.length > 0 ? (
              <ul>
                {m.actions.map((a) => (
                  <li key={`${a.kind}:${a.text}:${a.owner}:${a.due_on}`}>
                    {a.kind === "decision" ? "Decision" : "Next step"}: {a.text}
                    {a.owner ? ` — ${a.owner}` : ""}
                    {a.due_on ? `, due ${a.due_on}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {canWrite ? (
        <form
          aria-labelledby={`${id}-new`}
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(
              {
                title,
                held_at: new Date(when).toISOString(),
                protocol: protocol || null,
                agenda,
                held,
                notes,
                attendance: Object.entries(present)
                  .filter(([, role]) => role.trim() !== "")
                  .map(([code, role]) => ({
                    school_code: code === "hub" ? null : code,
                    role_title: role.trim(),
                    name: "",
                  })),
                actions,
              },
              {
                onSuccess: () => {
                  setTitle("");
                  setNotes("");
                  setActions([]);
                  setPresent({});
                },
              },
            );
          }}
        >
          <h3 id={`${id}-new`}>Record or schedule a meeting</h3>
          <InputField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} />
          <InputField
            label="When"
            type="datetime-local"
            required
            value={when}
            onChange={(e) => setWhen(e.target.value)}
          />
          <SelectField
            label="Protocol"
            value={protocol}
            onChange={(e) => {
              setProtocol(e.target.value);
              setAgenda(plan.protocols.find((p) => p.key === e.target.value)?.agenda ?? "");
            }}
          >
            {plan.protocols.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
            <option value="">No protocol</option>
          </SelectField>
          <TextAreaField
            label="Agenda (one item per line)"
            rows={5}
            value={agenda}
            onChange={(e) => setAgenda(e.target.value)}
          />
          <fieldset>
            <legend>Attendance: the role present for each school</legend>
            {[...plan.schools.map((s) => s.school_code), "hub"].map((code) => (
              <div className="field" key={code}>
                <label htmlFor={`${id}-att-${code}`}>{name(code === "hub" ? null : code)}</label>
                <input
                  id={`${id}-att-${code}`}
                  placeholder="e.g. Principal, 2 teachers"
                  value={present[code] ?? ""}
                  onChange={(e) => setPresent({ ...present, [code]: e.target.value })}
                />
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label>
              <input type="checkbox" checked={held} onChange={(e) => setHeld(e.target.checked)} />{" "}
              The meeting took place
            </label>
          </div>
          <TextAreaField
            label="Notes"
            rows={3}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
          <fieldset>
            <legend>Decisions and next steps</legend>
            <ul>
              {actions.map((a) => (
                <li key={`${a.kind}:${a.text}:${a.owner}:${a.due_on}`}>
                  {a.kind === "decision" ? "Decision" : "Next step"}: {a.text}
                  {a.owner ? ` — ${a.owner}` : ""}
                  {a.due_on ? `, due ${a.due_on}` : ""}
                </li>
              ))}
            </ul>
            <div className="controls">
              <SelectField
                label="Kind"
                value={action.kind}
                onChange={(e) => setAction({ ...action, kind: e.target.value as Action["kind"] })}
              >
                <option value="decision">Decision</option>
                <option value="next_step">Next step</option>
              </SelectField>
              <InputField
                label="Decision or step"
                value={action.text}
                onChange={(e) => setAction({ ...action, text: e.target.value })}
              />
              <InputField
                label="Owner"
                value={action.owner}
                onChange={(e) => setAction({ ...action, owner: e.target.value })}
              />
              <InputField
                label="Due"
                type="date"
                value={action.due_on ?? ""}
                onChange={(e) => setAction({ ...action, due_on: e.target.value || null })}
              />
              <button
                type="button"
                onClick={() => {
                  if (!action.text.trim()) return;
                  setActions([...actions, action]);
                  setAction({ ...action, text: "", owner: "", due_on: null });
                }}
              >
                Add
              </button>
            </div>
          </fieldset>
          <button type="submit">Save meeting</button>
          {add.error ? (
            <p role="alert" className="notice">
              {(add.error as Error).message}
            </p>
          ) : add.isSuccess ? (
            <p role="status">Meeting saved.</p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
