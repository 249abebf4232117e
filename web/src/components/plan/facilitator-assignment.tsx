import { useId, useState } from "react";
import { useAssignFacilitator, useFacilitatorChoice } from "../../api/facilitation-queries.ts";
import type { Plan } from "../../api/types.ts";

/** The hub's or a member district admin's choice of the plan's facilitator (audited). */
export function FacilitatorAssignment({ plan }: { plan: Plan }) {
  const id = useId();
  const choice = useFacilitatorChoice(plan.id, true);
  const assign = useAssignFacilitator(plan.id);
  const [picked, setPicked] = useState<string | null>(null);
  if (!choice.data) return null;
  const current = String(choice.data.facilitator?.id ?? "");
  const value = picked ?? current;
  return (
    <form
      className="controls"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        assign.mutate(value === "" ? null : Number(value), { onSuccess: () => setPicked(null) });
      }}
    >
      <h2 id={`${id}-title`} className="sr-only">
        Assign the facilitator
      </h2>
      <div className="field">
        <label htmlFor={`${id}-who`}>Facilitator</label>
        <select id={`${id}-who`} value={value} onChange={(e) => setPicked(e.target.value)}>
          <option value="">None assigned</option>
          {choice.data.candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={assign.isPending || value === current}>
        Assign
      </button>
      {assign.isSuccess ? <p role="status">Facilitator assigned.</p> : null}
      {assign.error ? (
        <p role="alert" className="notice error">
          {(assign.error as Error).message}
        </p>
      ) : null}
    </form>
  );
}
