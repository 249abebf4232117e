import { useId, useState } from "react";
import { useLearning, useLearningWrite } from "../../api/learning-queries.ts";
import type { LearningEntry, LearningSide, Plan } from "../../api/types.ts";
import { SelectField } from "../form-field.tsx";
import { QueryState } from "../query-state.tsx";
import "./two-way-learning.css";

const today = () => new Date().toISOString().slice(0, 10);

/** An entry: its day, its words, and the partner, cycle or meeting it came from. */
function Entry({
  plan,
  entry,
  direction,
  canRemove,
  onRemove,
  onSave,
}: {
  plan: Plan;
  entry: LearningEntry;
  direction: "took" | "gave";
  canRemove: boolean;
  onRemove: () => void;
  onSave: (changes: { entry_date: string; text: string }, done: () => void) => void;
}) {
  const id = useId();
  const [editing, setEditing] = useState<{ entry_date: string; text: string } | null>(null);
  const partner = plan.schools.find((s) => s.school_code === entry.partner_code)?.school_name;
  const cycle = plan.cycles.find((c) => c.id === entry.cycle_id);
  const meeting = plan.meetings.find((m) => m.id === entry.meeting_id);
  const source = [
    partner ? `${direction === "took" ? "from" : "to"} ${partner}` : null,
    cycle ? `cycle ${cycle.cycle_number}: ${cycle.title || cycle.change_idea}` : null,
    meeting ? `meeting "${meeting.title || meeting.held_at.slice(0, 10)}"` : null,
  ].filter(Boolean);
  return (
    <li className="learning-entry">
      <p>
        <time dateTime={entry.entry_date}>{entry.entry_date}</time>
        {source.length > 0 ? <span className="muted"> — {source.join("; ")}</span> : null}
      </p>
      {editing ? (
        <form
          aria-label={`Edit the entry of ${entry.entry_date}`}
          onSubmit={(e) => {
            e.preventDefault();
            onSave(editing, () => setEditing(null));
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-date`}>Date</label>
            <input
              id={`${id}-date`}
              type="date"
              required
              value={editing.entry_date}
              onChange={(e) => setEditing({ ...editing, entry_date: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-text`}>What was learnt or shared</label>
            <textarea
              id={`${id}-text`}
              rows={3}
              required
              maxLength={4000}
              value={editing.text}
              onChange={(e) => setEditing({ ...editing, text: e.target.value })}
            />
          </div>
          <button type="submit">Save</button>{" "}
          <button type="button" className="link-button" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      ) : (
        <p className="learning-text">{entry.text}</p>
      )}
      {canRemove && !editing ? (
        <>
          <button
            type="button"
            className="link-button"
            onClick={() => setEditing({ entry_date: entry.entry_date, text: entry.text })}
            aria-label={`Edit the entry of ${entry.entry_date}: ${entry.text.slice(0, 40)}`}
          >
            Edit
          </button>{" "}
          <button
            type="button"
            className="link-button"
            onClick={onRemove}
            aria-label={`Remove the entry of ${entry.entry_date}: ${entry.text.slice(0, 40)}`}
          >
            Remove
          </button>
        </>
      ) : null}
    </li>
  );
}

/** One school's side: what it took from its partners and what it gave them. */
function Side({
  plan,
  side,
  canWrite,
  onRemove,
  onSave,
}: {
  plan: Plan;
  side: LearningSide;
  canWrite: boolean;
  onRemove: (id: number) => void;
  onSave: (id: number, changes: { entry_date: string; text: string }, done: () => void) => void;
}) {
  const id = useId();
  return (
    <section className="learning-side" aria-labelledby={`${id}-school`}>
      <h3 id={`${id}-school`}>{side.school_name}</h3>
      {(["took", "gave"] as const).map((direction) => (
        <div key={direction}>
          <h4 id={`${id}-${direction}`}>
            {direction === "took" ? "Took from partners" : "Gave to partners"} (
            {side[direction].length})
          </h4>
          {side[direction].length === 0 ? (
            <p className="muted">Nothing recorded yet.</p>
          ) : (
            <ul className="learning-list" aria-labelledby={`${id}-${direction}`}>
              {side[direction].map((e) => (
                <Entry
                  key={e.id}
                  plan={plan}
                  entry={e}
                  direction={direction}
                  canRemove={canWrite}
                  onRemove={() => onRemove(e.id)}
                  onSave={(changes, done) => onSave(e.id, changes, done)}
                />
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

/**
 * Two-way learning: each school of the pair or community, side by side, with what it took from
 * its partners and what it gave them, and the form to record an entry. School staff write their
 * own school's side (`mySchool`); the server decides, the page only offers.
 */
export function TwoWayLearning({
  plan,
  canWrite,
  mySchool,
}: {
  plan: Plan;
  canWrite: boolean;
  mySchool: string | null;
}) {
  const id = useId();
  const learning = useLearning(plan.id);
  const write = useLearningWrite<Record<string, unknown>>(plan.id);
  const mine = plan.schools.filter((s) => mySchool === null || s.school_code === mySchool);
  const [draft, setDraft] = useState({
    school_code: mine[0]?.school_code ?? "",
    direction: "took",
    partner_code: "",
    entry_date: today(),
    text: "",
    source: "",
  });
  const partners = plan.schools.filter((s) => s.school_code !== draft.school_code);
  const mayWrite = (school: string) => canWrite && (mySchool === null || mySchool === school);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Two-way learning</h2>
      <p>
        Each school records what it took from its partners and what it gave them. Learning that runs
        one way only is a sign the partnership needs attention.
      </p>
      <QueryState pending={learning.isPending} error={learning.error} what="the learning">
        {learning.data ? (
          <div className="learning-sides">
            {learning.data.schools.map((side) => (
              <Side
                key={side.school_code}
                plan={plan}
                side={side}
                canWrite={mayWrite(side.school_code)}
                onRemove={(entryId) => write.mutate({ method: "DELETE", entryId })}
                onSave={(entryId, changes, done) =>
                  write.mutate({ method: "PUT", entryId, body: changes }, { onSuccess: done })
                }
              />
            ))}
          </div>
        ) : null}
      </QueryState>
      {canWrite && mine.length > 0 ? (
        <form
          aria-labelledby={`${id}-new`}
          onSubmit={(e) => {
            e.preventDefault();
            const [kind, ref] = draft.source.split(":");
            write.mutate(
              {
                method: "POST",
                body: {
                  school_code: draft.school_code,
                  direction: draft.direction,
                  partner_code: draft.partner_code || null,
                  entry_date: draft.entry_date,
                  text: draft.text,
                  cycle_id: kind === "cycle" ? Number(ref) : null,
                  meeting_id: kind === "meeting" ? Number(ref) : null,
                },
              },
              { onSuccess: () => setDraft({ ...draft, text: "", source: "" }) },
            );
          }}
        >
          <h3 id={`${id}-new`}>Record what a school took or gave</h3>
          <div className="controls">
            <div className="field">
              <label htmlFor={`${id}-school`}>School</label>
              <select
                id={`${id}-school`}
                value={draft.school_code}
                onChange={(e) =>
                  setDraft({ ...draft, school_code: e.target.value, partner_code: "" })
                }
              >
                {mine.map((s) => (
                  <option key={s.school_code} value={s.school_code}>
                    {s.school_name}
                  </option>
                ))}
              </select>
            </div>
            <SelectField
              label="What"
              value={draft.direction}
              onChange={(e) => setDraft({ ...draft, direction: e.target.value })}
            >
              <option value="took">Took from a partner</option>
              <option value="gave">Gave to a partner</option>
            </SelectField>
            <SelectField
              label="Partner"
              value={draft.partner_code}
              onChange={(e) => setDraft({ ...draft, partner_code: e.target.value })}
            >
              <option value="">Not one in particular</option>
              {partners.map((s) => (
                <option key={s.school_code} value={s.school_code}>
                  {s.school_name}
                </option>
              ))}
            </SelectField>
            <div className="field">
              <label htmlFor={`${id}-date`}>Date</label>
              <input
                id={`${id}-date`}
                type="date"
                required
                value={draft.entry_date}
                onChange={(e) => setDraft({ ...draft, entry_date: e.target.value })}
              />
            </div>
            <SelectField
              label="From a cycle or meeting (optional)"
              value={draft.source}
              onChange={(e) => setDraft({ ...draft, source: e.target.value })}
            >
              <option value="">Neither</option>
              {plan.cycles.map((c) => (
                <option key={`c${c.id}`} value={`cycle:${c.id}`}>
                  Cycle {c.cycle_number}: {c.title || c.change_idea}
                </option>
              ))}
              {plan.meetings.map((m) => (
                <option key={`m${m.id}`} value={`meeting:${m.id}`}>
                  Meeting: {m.title || m.held_at.slice(0, 10)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="field">
            <label htmlFor={`${id}-text`}>What was learnt or shared</label>
            <textarea
              id={`${id}-text`}
              rows={3}
              required
              maxLength={4000}
              aria-describedby={`${id}-warn`}
              value={draft.text}
              onChange={(e) => setDraft({ ...draft, text: e.target.value })}
            />
            <p id={`${id}-warn`} className="hint">
              No student names: write about practices, groups and counts. Both schools, their
              districts, the facilitator and the hub read it.
            </p>
          </div>
          <button type="submit" disabled={write.isPending}>
            Record
          </button>
        </form>
      ) : null}
      {write.error ? (
        <p role="alert" className="notice error">
          {(write.error as Error).message}
        </p>
      ) : null}
    </section>
  );
}
