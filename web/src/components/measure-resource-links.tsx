import { Link } from "react-router-dom";
import { useResources } from "../api/resource-queries.ts";
import { useSession } from "../api/session.tsx";

/**
 * Links from a report's measures to the shared resources tagged with them: one link per measure
 * that has any, for signed-in readers (the library is the network's, not the public's).
 */
export function MeasureResourceLinks({
  measures,
}: {
  measures: readonly { metric: string; label: string }[];
}) {
  const { signedIn } = useSession();
  if (!signedIn) return null;
  return <Links measures={measures} />;
}

function Links({ measures }: { measures: readonly { metric: string; label: string }[] }) {
  const library = useResources({});
  const tagged = new Set((library.data?.facets.measures ?? []).map((m) => m.id));
  const shown = measures.filter((m) => tagged.has(m.metric));
  if (shown.length === 0) return null;
  return (
    <nav aria-label="Shared resources for these measures" className="subnav measure-resources">
      <span>Shared resources for:</span>
      {shown.map((m) => (
        <Link key={m.metric} to={`/resources?measure=${encodeURIComponent(m.metric)}`}>
          {m.label}
        </Link>
      ))}
    </nav>
  );
}
