import type { Framework } from "./framework-schema.ts";

const RESPONDENTS: Readonly<Record<string, string>> = {
  student: "students",
  staff: "staff",
  parent: "parents",
};

/**
 * A metric's label as a person reads it: the measure's own label, and for a composite's
 * components the composite's label with the component ("Culture and climate: parents",
 * "Social-emotional skills: growth mindset"); an unknown metric keeps its id.
 */
export function metricLabel(framework: Framework, metric: string): string {
  const measures = framework.measures as Record<string, { label: string } | undefined>;
  const own = measures[metric]?.label;
  if (own) return own;
  const cc = framework.measures.culture_climate;
  const type = metric.startsWith("culture_climate_")
    ? metric.slice("culture_climate_".length)
    : null;
  if (cc && type && RESPONDENTS[type]) return `${cc.label}: ${RESPONDENTS[type]}`;
  const sel = framework.measures.sel_skills;
  const construct = metric.startsWith("sel_") ? metric.slice("sel_".length) : null;
  if (sel && construct && (sel.constructs as readonly string[]).includes(construct))
    return `${sel.label}: ${construct.replaceAll("_", " ")}`;
  return metric;
}
