import { useId, useState } from "react";
import { usePlanWrite } from "../../api/plan-queries.ts";
import type { Plan } from "../../api/types.ts";
import { formatValue } from "../../format/format-value.ts";
import { groupLabel } from "../../format/group-label.ts";
import { InputField, SelectField } from "../form-field.tsx";

function SaveState({ write }: { write: { error: unknown; isSuccess: boolean } }) {
  if (write.error)
    return (
      <p role="alert" className="notice">
        {(write.error as Error).message}
      </p>
    );
  return write.isSuccess ? <p role="status">Saved.</p> : null;
}

/** Problems of practice and the aim (what, how much, by when, for whom). */
export function AimSection({ plan, canWrite }: { plan: Plan; canWrite: boolean }) {
  const [aim, setAim] = useState(plan.aim);
  const save = usePlanWrite<unknown>(plan.id, "PUT", `/api/plans/${plan.id}`);
  const id = useId();
  const field = (key: "what" | "for_whom" | "by", label: string, type = "text") => (
    <InputField
      label={label}
      type={type}
      value={aim[key] ?? ""}
      readOnly={!canWrite}
      onChange={(e) =>
        setAim({ ...aim, [key]: key === "by" && !e.target.value ? null : e.target.value })
      }
    />
  );
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Problems of practice and aim</h2>
      <ol>
        {plan.problems.map((p) => (
          <li key={`${p.student_group}|${p.metric}`}>
            {p.statement} <span className="muted">({groupLabel(p.student_group)})</span>
          </li>
        ))}
      </ol>
      <form
        className="aim-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ aim });
        }}
      >
        {field("what", "What we will improve")}
        <div className="field">
          <label htmlFor={`${id}-target`}>
            How much: target
            {aim.metric
              ? ` (baseline ${aim.baseline === null ? "withheld" : formatValue(aim.metric, aim.baseline)})`
              : ""}
          </label>
          <input
            id={`${id}-target`}
            type="number"
            step="any"
            value={aim.target ?? ""}
            readOnly={!canWrite}
            onChange={(e) =>
              setAim({ ...aim, target: e.target.value === "" ? null : Number(e.target.value) })
            }
          />
        </div>
        {field("by", "By when", "date")}
        {field("for_whom", "For whom")}
        {canWrite ? <button type="submit">Save aim</button> : null}
        <SaveState write={save} />
      </form>
    </section>
  );
}

const STATUS_LABEL = {
  not_started: "Not started",
  in_progress: "In progress",
  in_place: "In place",
} as const;

/** The checklist of the plan's template (the turnaround principles), with each item's status. */
export function ChecklistSection({ plan, canWrite }: { plan: Plan; canWrite: boolean }) {
  const save = usePlanWrite<unknown>(plan.id, "PUT", `/api/plans/${plan.id}`);
  const id = useId();
  const list = plan.checklist;
  if (!list) return null;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {list.title} <span className="muted">(template version {list.version})</span>
      </h2>
      <ul className="checklist">
        {list.items.map((item) => (
          <li key={item.key}>
            <label htmlFor={`${id}-${item.key}`}>
              <strong>{item.label}</strong>
            </label>
            <p className="muted">{item.prompt}</p>
            <select
              id={`${id}-${item.key}`}
              value={item.status}
              disabled={!canWrite}
              onChange={(e) =>
                save.mutate({
                  checklist: [{ key: item.key, status: e.target.value, note: item.note }],
                })
              }
            >
              {Object.entries(STATUS_LABEL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      <SaveState write={save} />
    </section>
  );
}

/** How the partners work together (norms, roles, cadence) and each school's team. */
export function AgreementSection({ plan, canWrite }: { plan: Plan; canWrite: boolean }) {
  const [agreement, setAgreement] = useState(plan.agreement);
  const [team, setTeam] = useState(plan.team);
  const [member, setMember] = useState({
    school_code: plan.schools[0]?.school_code ?? "",
    name: "",
    role_title: "",
  });
  const save = usePlanWrite<unknown>(plan.id, "PUT", `/api/plans/${plan.id}`);
  const id = useId();
  const schoolName = (code: string) =>
    plan.schools.find((s) => s.school_code === code)?.school_name ?? code;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>How we work together</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ agreement, team });
        }}
      >
        {(["norms", "roles", "cadence"] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`${id}-${k}`}>
              {k === "norms" ? "Norms" : k === "roles" ? "Roles" : "Cadence (when we meet)"}
            </label>
            <textarea
              id={`${id}-${k}`}
              rows={2}
              value={agreement[k]}
              readOnly={!canWrite}
              onChange={(e) => setAgreement({ ...agreement, [k]: e.target.value })}
            />
          </div>
        ))}
        <h3>Teams</h3>
        <ul>
          {team.map((m, i) => (
            <li key={`${m.school_code}-${m.name}-${m.role_title}`}>
              {m.name}, {m.role_title || "team member"} — {schoolName(m.school_code)}{" "}
              {canWrite ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setTeam(team.filter((_, j) => j !== i))}
                >
                  Remove<span className="sr-only"> {m.name}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {canWrite ? (
          <div className="controls">
            <SelectField
              label="School"
              value={member.school_code}
              onChange={(e) => setMember({ ...member, school_code: e.target.value })}
            >
              {plan.schools.map((s) => (
                <option key={s.school_code} value={s.school_code}>
                  {s.school_name}
                </option>
              ))}
            </SelectField>
            <InputField
              label="Name"
              value={member.name}
              onChange={(e) => setMember({ ...member, name: e.target.value })}
            />
            <InputField
              label="Role (e.g. teacher)"
              value={member.role_title}
              onChange={(e) => setMember({ ...member, role_title: e.target.value })}
            />
            <button
              type="button"
              onClick={() => {
                if (!member.name.trim()) return;
                setTeam([...team, member]);
                setMember({ ...member, name: "", role_title: "" });
              }}
            >
              Add to team
            </button>
            <button type="submit">Save</button>
          </div>
        ) : null}
        <SaveState write={save} />
      </form>
    </section>
  );
}
