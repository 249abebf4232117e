import { useId, useState } from "react";
import { useAnswerReview } from "../../api/facilitation-queries.ts";
import type { PlanReview } from "../../api/types.ts";

/**
 * The facilitator's answer to a plan submitted for review: reviewed, or changes requested with
 * comments saying which (the server refuses a request for changes without them).
 */
export function ReviewForm({ planId, review }: { planId: number; review: PlanReview }) {
  const id = useId();
  const [outcome, setOutcome] = useState<"reviewed" | "changes_requested">("reviewed");
  const [comments, setComments] = useState("");
  const answer = useAnswerReview(planId, review.id);
  const needsComments = outcome === "changes_requested" && comments.trim() === "";
  return (
    <form
      className="review-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!needsComments) answer.mutate({ outcome, comments });
      }}
    >
      <fieldset>
        <legend>Your review</legend>
        <label>
          <input
            type="radio"
            name={`${id}-outcome`}
            value="reviewed"
            checked={outcome === "reviewed"}
            onChange={() => setOutcome("reviewed")}
          />{" "}
          Reviewed: the plan can go ahead
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-outcome`}
            value="changes_requested"
            checked={outcome === "changes_requested"}
            onChange={() => setOutcome("changes_requested")}
          />{" "}
          Changes requested
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-comments`}>
          Comments{outcome === "changes_requested" ? " (say which changes)" : ""}
        </label>
        <textarea
          id={`${id}-comments`}
          rows={3}
          value={comments}
          required={outcome === "changes_requested"}
          aria-describedby={`${id}-names`}
          onChange={(e) => setComments(e.target.value)}
        />
        <span id={`${id}-names`} className="muted">
          Comments are kept with the plan: no student names.
        </span>
      </div>
      <button type="submit" disabled={answer.isPending || needsComments}>
        Send the review
      </button>
      {answer.isSuccess ? <p role="status">Review sent.</p> : null}
      {answer.error ? (
        <p role="alert" className="notice error">
          {(answer.error as Error).message}
        </p>
      ) : null}
    </form>
  );
}
