import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router-dom";

/** The path with the page's `?run=` kept, so following links stays on the chosen run. */
export function useRunPath(): (path: string) => string {
  const [params] = useSearchParams();
  const run = params.get("run");
  return (path) => (run ? `${path}?run=${encodeURIComponent(run)}` : path);
}

/** A link that keeps the chosen run. */
export function RunLink({
  to,
  children,
  className,
}: {
  to: string;
  children: ReactNode;
  className?: string;
}) {
  const withRun = useRunPath();
  return (
    <Link to={withRun(to)} className={className}>
      {children}
    </Link>
  );
}
