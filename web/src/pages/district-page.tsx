import { useId, useMemo, useState } from "react";
import { useParams } from "react-router-dom";
import { useSchools, useTiers } from "../api/queries.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { DistrictOverview } from "../components/district-overview.tsx";
import { FilterSelect } from "../components/filter-select.tsx";
import { IndexScore } from "../components/index-score.tsx";
import { LevelBadge } from "../components/level-badge.tsx";
import { MembershipStatus } from "../components/membership-status.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { tierLabel } from "../format/tier-label.ts";

interface Row {
  key: string;
  school_code: string;
  school_name: string;
  school_level: string;
  index_score: number | null;
  index_score_suppressed: boolean;
  index_level: number | null;
  tier: string | null;
  title_i: boolean;
}

const COLUMNS: readonly Column<Row>[] = [
  {
    key: "name",
    header: "School",
    render: (r) => <RunLink to={`/schools/${r.school_code}`}>{r.school_name}</RunLink>,
    sortValue: (r) => r.school_name,
  },
  {
    key: "level",
    header: "Level",
    render: (r) => r.school_level,
    sortValue: (r) => r.school_level,
  },
  {
    key: "index",
    header: "Index score",
    numeric: true,
    render: (r) => <IndexScore score={r.index_score} suppressed={r.index_score_suppressed} />,
    sortValue: (r) => r.index_score,
  },
  {
    key: "index_level",
    header: "Index level",
    render: (r) => <LevelBadge level={r.index_level} />,
    sortValue: (r) => r.index_level,
  },
  {
    key: "tier",
    header: "Support tier",
    render: (r) => tierLabel(r.tier),
    sortValue: (r) => r.tier,
  },
  {
    key: "title_i",
    header: "Title I",
    render: (r) => (r.title_i ? "yes" : "no"),
    sortValue: (r) => (r.title_i ? 1 : 0),
  },
];

/**
 * A district's page: the district view (its measures over all its students, by group, with trends,
 * the network and peer districts, and what changed), then its schools with their index and tier,
 * sortable and filterable.
 */
export function DistrictPage() {
  const { code = "" } = useParams();
  const { run } = useCurrentRun();
  const schools = useSchools({ district: code, ...(run ? { year: run.year } : {}) });
  const tiers = useTiers(run?.run_id, code);
  const [query, setQuery] = useState("");
  const [level, setLevel] = useState("");
  const [tier, setTier] = useState("");
  const searchId = useId();
  useDocumentTitle(schools.data?.[0]?.district_name ?? `District ${code}`);
  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    for (const s of schools.data ?? []) {
      const results = (tiers.data ?? []).filter((t) => t.school_code === s.school_code);
      const levels = results.length
        ? results
        : s.school_levels.map((l) => ({
            school_level: l,
            index_score: null,
            index_score_suppressed: false,
            index_level: null,
            tier: null,
          }));
      for (const r of levels) {
        out.push({
          key: `${s.school_code}|${r.school_level}`,
          school_code: s.school_code,
          school_name: s.school_name,
          school_level: r.school_level,
          index_score: r.index_score,
          index_score_suppressed: r.index_score_suppressed,
          index_level: r.index_level,
          tier: r.tier,
          title_i: s.title_i,
        });
      }
    }
    return out;
  }, [schools.data, tiers.data]);
  const shown = rows.filter(
    (r) =>
      (!query || r.school_name.toLowerCase().includes(query.toLowerCase())) &&
      (!level || r.school_level === level) &&
      (!tier || r.tier === tier),
  );
  const name = schools.data?.[0]?.district_name ?? `District ${code}`;
  return (
    <>
      <h1>{name}</h1>
      <MembershipStatus code={code} />
      <DistrictOverview runId={run?.run_id} code={code} name={name} />
      <section aria-labelledby={`${searchId}-heading`}>
        <h2 id={`${searchId}-heading`}>Schools by level and support tier</h2>
        <QueryState
          pending={schools.isPending}
          error={schools.error ?? tiers.error}
          what="this district's schools"
        >
          <form
            className="controls"
            aria-label="Filter schools"
            onSubmit={(e) => e.preventDefault()}
          >
            <div className="field">
              <label htmlFor={searchId}>School name</label>
              <input
                id={searchId}
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
            </div>
            <FilterSelect
              label="School level"
              value={level}
              onChange={setLevel}
              any="All levels"
              choices={[
                ["elementary", "Elementary"],
                ["middle", "Middle"],
                ["high", "High"],
              ]}
            />
            <FilterSelect
              label="Support tier"
              value={tier}
              onChange={setTier}
              any="All tiers"
              choices={[
                ["priority", "Priority"],
                ["focus", "Focus"],
                ["partner_eligible", "Partner-eligible"],
                ["none", "No tier"],
              ]}
            />
          </form>
          <p role="status" className="muted">
            {shown.length} of {rows.length} school results shown.
          </p>
          <SortableTable
            caption={`Schools of ${name}${run ? `, ${run.year - 1}–${run.year}` : ""}`}
            columns={COLUMNS}
            rows={shown}
            rowKey={(r) => r.key}
            initialSort={{ key: "name" }}
            empty="No school matches the filters."
          />
        </QueryState>
      </section>
    </>
  );
}
