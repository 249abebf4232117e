import { useMemo } from "react";
import { useSchools, useTiers } from "../api/queries.ts";
import type { School, TierRow } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { LevelBadge } from "../components/level-badge.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { tierLabel } from "../format/tier-label.ts";

interface District {
  code: string;
  name: string;
  schools: School[];
}

/** The directory's schools of the run's year, by district (districts and schools by name). */
function byDistrict(schools: readonly School[]): District[] {
  const districts = new Map<string, District>();
  for (const s of schools) {
    const d = districts.get(s.district_code) ?? {
      code: s.district_code,
      name: s.district_name,
      schools: [],
    };
    d.schools.push(s);
    districts.set(s.district_code, d);
  }
  const list = [...districts.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const d of list) d.schools.sort((a, b) => a.school_name.localeCompare(b.school_name));
  return list;
}

/** The network's districts, each with its schools, their index level and support tier. */
export function NetworkPage() {
  const { run } = useCurrentRun();
  const schools = useSchools(run ? { year: run.year } : {});
  const tiers = useTiers(run?.run_id);
  useDocumentTitle("Districts and schools");
  const districts = useMemo(() => byDistrict(schools.data ?? []), [schools.data]);
  const results = useMemo(() => {
    const out = new Map<string, TierRow[]>();
    for (const t of tiers.data ?? [])
      out.set(t.school_code, [...(out.get(t.school_code) ?? []), t]);
    return out;
  }, [tiers.data]);
  return (
    <>
      <h1>Districts and schools</h1>
      <QueryState
        pending={schools.isPending || (run !== undefined && tiers.isPending)}
        error={schools.error ?? tiers.error}
        what="the network's districts"
      >
        <p className="muted">
          {districts.length} districts, {schools.data?.length ?? 0} schools
          {run ? `, results for ${run.year - 1}–${run.year}` : ""}. Each school shows its index
          level (1–10) and support tier at each school level it serves.
        </p>
        <nav aria-label="Districts" className="subnav">
          {districts.map((d) => (
            <a key={d.code} href={`#district-${d.code}`}>
              {d.name}
            </a>
          ))}
        </nav>
        {districts.map((d) => (
          <section
            key={d.code}
            id={`district-${d.code}`}
            aria-labelledby={`district-${d.code}-title`}
            className="district-schools"
          >
            <h2 id={`district-${d.code}-title`}>
              <RunLink to={`/districts/${d.code}`}>{d.name}</RunLink>{" "}
              <span className="muted count">({d.schools.length} schools)</span>
            </h2>
            <ul className="school-list">
              {d.schools.map((s) => (
                <li key={s.school_code}>
                  <RunLink to={`/schools/${s.school_code}`}>{s.school_name}</RunLink>
                  <span className="school-levels">
                    {(results.get(s.school_code) ?? []).length === 0 ? (
                      <span className="muted">{s.school_levels.join(", ")}: no results</span>
                    ) : (
                      results.get(s.school_code)!.map((t) => (
                        <span key={t.school_level} className="match-level">
                          {t.school_level}: <LevelBadge level={t.index_level} /> {tierLabel(t.tier)}
                        </span>
                      ))
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </QueryState>
    </>
  );
}
