import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router-dom";

/**
 * A link to a school's progress within the year (its periodic charts), keeping the chosen run;
 * with `level` and `measure`, straight to that chart.
 */
export function ProgressLink({
  school,
  level,
  measure,
  children = "Progress within the year",
}: {
  school: string;
  level?: string;
  measure?: string;
  children?: ReactNode;
}) {
  const [params] = useSearchParams();
  const next = new URLSearchParams({ school });
  if (level) next.set("level", level);
  if (measure) next.set("measure", measure);
  const run = params.get("run");
  if (run) next.set("run", run);
  return <Link to={`/progress?${next.toString()}`}>{children}</Link>;
}
