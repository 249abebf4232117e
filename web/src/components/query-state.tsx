import type { ReactNode } from "react";
import { ApiError } from "../api/api-client.ts";

/**
 * Loading, error and denial states of a query. A refusal by the server (401/403) is shown as an
 * access denial with the server's reason.
 */
export function QueryState({
  pending,
  error,
  what,
  children,
}: {
  pending: boolean;
  error: unknown;
  what: string;
  children?: ReactNode;
}) {
  if (error) {
    if (error instanceof ApiError && error.denied) {
      return (
        <div className="notice denied" role="alert">
          <h2>Access denied</h2>
          <p>
            You may not see {what}
            {error.status === 401 ? ": please sign in." : "."}
          </p>
          <p className="muted">Server: {error.message}</p>
        </div>
      );
    }
    return (
      <div className="notice error" role="alert">
        <p>
          Could not load {what}: {error instanceof Error ? error.message : String(error)}
        </p>
      </div>
    );
  }
  if (pending) {
    return (
      <p className="muted" role="status">
        Loading {what}…
      </p>
    );
  }
  return <>{children}</>;
}
