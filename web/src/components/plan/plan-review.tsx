import { useId, useState } from "react";
import { usePlanReviews, useSubmitForReview } from "../../api/facilitation-queries.ts";
import type { Plan, PlanReview } from "../../api/types.ts";
import { QueryState } from "../query-state.tsx";
import { ReviewForm } from "./review-form.tsx";

const STATE_LABEL: Record<PlanReview["state"], string> = {
  submitted: "Awaiting the facilitator's review",
  reviewed: "Reviewed",
  changes_requested: "Changes requested",
};

const day = (iso: string) => iso.slice(0, 10);

/**
 * The plan's review by its facilitator: the team submits the plan (with a note), the facilitator
 * answers with comments; the history shows every round, latest first.
 */
export function PlanReviewSection({ plan, canReview }: { plan: Plan; canReview: boolean }) {
  const id = useId();
  const reviews = usePlanReviews(plan.id);
  const submit = useSubmitForReview(plan.id);
  const [note, setNote] = useState("");
  const open = reviews.data?.find((r) => r.state === "submitted");
  const answered = reviews.data?.filter((r) => r.state !== "submitted") ?? [];
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Facilitator's review</h2>
      <QueryState pending={reviews.isPending} error={reviews.error} what="the plan's reviews">
        {open ? (
          <p className="notice">
            Submitted for review on {day(open.submitted_at)} by {open.submitted_by}
            {open.submission_note ? `: “${open.submission_note}”` : "."}
          </p>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit.mutate(note, { onSuccess: () => setNote("") });
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-note`}>What should the facilitator look at?</label>
              <textarea
                id={`${id}-note`}
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
            <button type="submit" disabled={submit.isPending}>
              Submit the plan for review
            </button>
            {submit.error ? (
              <p role="alert" className="notice error">
                {(submit.error as Error).message}
              </p>
            ) : null}
          </form>
        )}
        {open && canReview ? <ReviewForm planId={plan.id} review={open} /> : null}
        {answered.length > 0 ? (
          <>
            <h3>Earlier reviews</h3>
            <ol className="review-history">
              {answered.map((r) => (
                <li key={r.id}>
                  <strong>{STATE_LABEL[r.state]}</strong> by {r.reviewed_by ?? "—"} on{" "}
                  {r.reviewed_at ? day(r.reviewed_at) : "—"} (submitted {day(r.submitted_at)} by{" "}
                  {r.submitted_by}){r.comments ? `: ${r.comments}` : "."}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
