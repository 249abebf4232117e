import { useId, useMemo, useState } from "react";
import { ApiError } from "../api/api-client.ts";
import { useCommunities, usePairings, useSchools, useTiers } from "../api/queries.ts";
import type { CommunityRow, PairingRow, TierRow } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { IndexScore } from "../components/index-score.tsx";
import { LevelBadge } from "../components/level-badge.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { tierLabel } from "../format/tier-label.ts";

/** Support: tiers with their reasons, partner pairings and communities of practice, explained. */
export function SupportPage() {
  const { run } = useCurrentRun();
  const tiers = useTiers(run?.run_id);
  const schools = useSchools(run ? { year: run.year } : {});
  const names = useMemo(
    () => new Map((schools.data ?? []).map((s) => [s.school_code, s.school_name])),
    [schools.data],
  );
  const name = (code: string | null) => (code ? (names.get(code) ?? code) : "—");
  const [tier, setTier] = useState("supported");
  const tierId = useId();
  const shown = (tiers.data ?? []).filter((t) =>
    tier === "supported" ? t.tier === "priority" || t.tier === "focus" : !tier || t.tier === tier,
  );
  const columns: Column<TierRow>[] = [
    {
      key: "school",
      header: "School",
      render: (t) => <RunLink to={`/schools/${t.school_code}`}>{name(t.school_code)}</RunLink>,
      sortValue: (t) => name(t.school_code),
    },
    {
      key: "level",
      header: "Level",
      render: (t) => t.school_level,
      sortValue: (t) => t.school_level,
    },
    { key: "tier", header: "Tier", render: (t) => tierLabel(t.tier), sortValue: (t) => t.tier },
    {
      key: "index",
      header: "Index",
      numeric: true,
      render: (t) => <IndexScore score={t.index_score} suppressed={t.index_score_suppressed} />,
      sortValue: (t) => t.index_score,
    },
    {
      key: "index_level",
      header: "Index level",
      render: (t) => <LevelBadge level={t.index_level} />,
      sortValue: (t) => t.index_level,
    },
    { key: "reason", header: "Why", render: (t) => <span className="reason">{t.reason}</span> },
  ];
  return (
    <>
      <h1>Support{run ? `, ${run.year - 1}–${run.year}` : ""}</h1>
      <section aria-labelledby="tier-title">
        <h2 id="tier-title">Tiers and reasons</h2>
        <QueryState pending={tiers.isPending} error={tiers.error} what="support tiers">
          <div className="controls">
            <div className="field">
              <label htmlFor={tierId}>Show</label>
              <select id={tierId} value={tier} onChange={(e) => setTier(e.target.value)}>
                <option value="supported">Priority and focus</option>
                <option value="priority">Priority</option>
                <option value="focus">Focus</option>
                <option value="partner_eligible">Partner-eligible</option>
                <option value="">Every school</option>
              </select>
            </div>
          </div>
          <SortableTable
            caption="Schools by support tier, with the reason"
            columns={columns}
            rows={shown}
            rowKey={(t) => `${t.school_code}|${t.school_level}`}
            initialSort={{ key: "index" }}
          />
        </QueryState>
      </section>
      <PairingSection runId={run?.run_id} name={name} />
      <CommunitySection runId={run?.run_id} name={name} />
    </>
  );
}

function notComputed(error: unknown): boolean {
  return error instanceof ApiError && error.code === "not_computed";
}

function PairingSection({
  runId,
  name,
}: {
  runId: string | undefined;
  name: (c: string | null) => string;
}) {
  const pairings = usePairings(runId);
  const columns: Column<PairingRow>[] = [
    {
      key: "school",
      header: "Priority school",
      render: (p) => <RunLink to={`/schools/${p.school_code}`}>{name(p.school_code)}</RunLink>,
      sortValue: (p) => name(p.school_code),
    },
    {
      key: "level",
      header: "Level",
      render: (p) => p.school_level,
      sortValue: (p) => p.school_level,
    },
    {
      key: "partner",
      header: "Partner",
      render: (p) =>
        p.partner_code ? (
          <>
            <RunLink to={`/schools/${p.partner_code}`}>{name(p.partner_code)}</RunLink>{" "}
            <RunLink to={`/workspace/pair/${p.run_id}/${p.school_level}/${p.school_code}`}>
              Workspace
              <span className="sr-only">
                {" "}
                of {name(p.school_code)} and {name(p.partner_code)}
              </span>
            </RunLink>
          </>
        ) : (
          "none found"
        ),
      sortValue: (p) => (p.partner_code ? name(p.partner_code) : null),
    },
    { key: "kept", header: "Kept from last year", render: (p) => (p.kept ? "yes" : "no") },
    {
      key: "reason",
      header: "Explanation",
      render: (p) => <span className="reason">{p.reason}</span>,
    },
  ];
  return (
    <section aria-labelledby="pair-title">
      <h2 id="pair-title">Partner pairings</h2>
      {notComputed(pairings.error) ? (
        <p className="muted">Pairings have not been computed for this run.</p>
      ) : (
        <QueryState pending={pairings.isPending} error={pairings.error} what="pairings">
          <SortableTable
            caption="Each priority school and the partner proposed for it"
            columns={columns}
            rows={pairings.data ?? []}
            rowKey={(p) => `${p.school_code}|${p.school_level}`}
            empty="No priority school this run."
          />
        </QueryState>
      )}
    </section>
  );
}

/**
 * A community's problem in words (the server names groups and measures by their labels): its
 * members share a measure, each with its own group weak on it.
 */
function communityLabel(rows: readonly CommunityRow[]): string {
  const labels = [...new Set(rows.flatMap((r) => (r.problem_label ? [r.problem_label] : [])))];
  return labels.length === 0 ? "—" : labels.join("; ");
}

function CommunitySection({
  runId,
  name,
}: {
  runId: string | undefined;
  name: (c: string | null) => string;
}) {
  const communities = useCommunities(runId);
  const groups = useMemo(() => {
    const map = new Map<string, CommunityRow[]>();
    for (const row of communities.data ?? []) {
      const key = row.community_id ?? "(none)";
      map.set(key, [...(map.get(key) ?? []), row]);
    }
    return [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [communities.data]);
  return (
    <section aria-labelledby="community-title">
      <h2 id="community-title">Communities of practice</h2>
      {notComputed(communities.error) ? (
        <p className="muted">Communities have not been formed for this run.</p>
      ) : (
        <QueryState pending={communities.isPending} error={communities.error} what="communities">
          {groups.length === 0 ? <p>No focus school this run.</p> : null}
          <ul className="card-list">
            {groups.map(([id, rows]) => (
              <li key={id} className="card">
                <h3>
                  {id === "(none)"
                    ? "Schools no community could take"
                    : `Community ${id}: ${communityLabel(rows)}`}
                </h3>
                <p className="reason">{rows[0]?.reason}</p>
                <ul>
                  {rows.map((r) => (
                    <li key={`${r.school_code}|${r.school_level}`}>
                      <RunLink to={`/schools/${r.school_code}`}>{name(r.school_code)}</RunLink> (
                      {r.school_level})
                      {id === "(none)" ? <span className="muted"> — {r.reason}</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </QueryState>
      )}
    </section>
  );
}
