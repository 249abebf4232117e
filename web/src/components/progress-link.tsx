import { Link, useSearchParams } from "react-router-dom";

/** A link to a school's progress within the year (its periodic charts), keeping the chosen run. */
export function ProgressLink({ school }: { school: string }) {
  const [params] = useSearchParams();
  const next = new URLSearchParams({ school });
  const run = params.get("run");
  if (run) next.set("run", run);
  return <Link to={`/progress?${next.toString()}`}>Progress within the year</Link>;
}
