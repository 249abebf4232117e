import { useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { ApiError } from "../api/api-client.ts";
import { useFacilitators } from "../api/facilitators-query.ts";
import { useCommunities, usePairings, useSchools, useTiers } from "../api/queries.ts";
import { useSession } from "../api/session.tsx";
import type { CommunityRow, PairingRow, TierRow } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { FilterSelect } from "../components/filter-select.tsx";
import { IndexScore } from "../components/index-score.tsx";
import { LevelBadge } from "../components/level-badge.tsx";
import { Pager, pageOf } from "../components/pager.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { tierLabel } from "../format/tier-label.ts";
import "./support-page.css";

/** Rows of the tier list a page shows. */
const PAGE_SIZE = 50;

/** The tier filter's choices: the value kept in the address, and its words. */
const TIER_CHOICES = [
  ["supported", "Priority and focus"],
  ["priority", "Priority"],
  ["focus", "Focus"],
  ["partner_eligible", "Partner-eligible"],
  ["none", "No tier"],
  ["all", "Every school"],
] as const;

const SORTS = [
  ["index", "Index score, lowest first"],
  ["school", "School name"],
  ["district", "District, then school"],
] as const;

const LEVELS = ["elementary", "middle", "high"] as const;

/**
 * Support: tiers with their reasons, partner pairings and communities of practice, explained.
 * The tier list is filtered by district, school level, tier and facilitator and sorted, all kept
 * in the address (`?district=&level=&tier=&facilitator=&sort=&page=`) so a filtered view can be
 * linked and survives a reload; it is shown 50 schools a page, as a table on wide screens and as
 * cards (with their reasons) on a phone.
 */
export function SupportPage() {
  const { run } = useCurrentRun();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const tiers = useTiers(run?.run_id);
  const schools = useSchools(run ? { year: run.year } : {});
  const facilitators = useFacilitators(me !== undefined && me.role !== "public");
  const directory = useMemo(
    () => new Map((schools.data ?? []).map((s) => [s.school_code, s])),
    [schools.data],
  );
  const name = (code: string | null) => (code ? (directory.get(code)?.school_name ?? code) : "—");
  const districtName = (code: string) => directory.get(code)?.district_name ?? code.slice(0, 7);
  const districts = useMemo(
    () =>
      [
        ...new Map((schools.data ?? []).map((s) => [s.district_code, s.district_name])).entries(),
      ].sort((a, b) => a[1].localeCompare(b[1])),
    [schools.data],
  );
  const filter = {
    district: params.get("district") ?? "",
    level: params.get("level") ?? "",
    tier: params.get("tier") ?? "supported",
    facilitator: params.get("facilitator") ?? "",
    sort: params.get("sort") ?? "index",
  };
  const page = Number(params.get("page") ?? "1") || 1;
  const set = (key: string, value: string, fallback = "") => {
    const next = new URLSearchParams(params);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    if (key !== "page") next.delete("page");
    setParams(next);
  };
  const facilitated = new Set(
    facilitators.data?.find((f) => String(f.id) === filter.facilitator)?.schools ?? [],
  );
  const inScope = (code: string, level: string) =>
    (!filter.district || code.startsWith(filter.district)) &&
    (!filter.level || level === filter.level) &&
    (!filter.facilitator || facilitated.has(code));
  const shown = (tiers.data ?? [])
    .filter(
      (t) =>
        inScope(t.school_code, t.school_level) &&
        (filter.tier === "supported"
          ? t.tier === "priority" || t.tier === "focus"
          : filter.tier === "all" || t.tier === filter.tier),
    )
    .sort(
      filter.sort === "school"
        ? (a, b) => name(a.school_code).localeCompare(name(b.school_code))
        : filter.sort === "district"
          ? (a, b) =>
              districtName(a.school_code).localeCompare(districtName(b.school_code)) ||
              name(a.school_code).localeCompare(name(b.school_code))
          : (a, b) =>
              (a.index_score ?? Number.POSITIVE_INFINITY) -
                (b.index_score ?? Number.POSITIVE_INFINITY) ||
              (a.index_level ?? 99) - (b.index_level ?? 99) ||
              name(a.school_code).localeCompare(name(b.school_code)),
    );
  const paged = pageOf(shown, page, PAGE_SIZE);
  const columns: Column<TierRow>[] = [
    {
      key: "school",
      header: "School",
      render: (t) => <RunLink to={`/schools/${t.school_code}`}>{name(t.school_code)}</RunLink>,
    },
    { key: "district", header: "District", render: (t) => districtName(t.school_code) },
    { key: "level", header: "Level", render: (t) => t.school_level },
    { key: "tier", header: "Tier", render: (t) => tierLabel(t.tier) },
    {
      key: "index",
      header: "Index",
      numeric: true,
      render: (t) => <IndexScore score={t.index_score} suppressed={t.index_score_suppressed} />,
    },
    {
      key: "index_level",
      header: "Index level",
      render: (t) => <LevelBadge level={t.index_level} />,
    },
    { key: "reason", header: "Why", render: (t) => <span className="reason">{t.reason}</span> },
  ];
  return (
    <>
      <h1>Support{run ? `, ${run.year - 1}–${run.year}` : ""}</h1>
      <section aria-labelledby="tier-title" className="support-tiers">
        <h2 id="tier-title">Tiers and reasons</h2>
        <QueryState pending={tiers.isPending} error={tiers.error} what="support tiers">
          <div className="controls">
            <FilterSelect
              label="District"
              value={filter.district}
              onChange={(v) => set("district", v)}
              any="Every district"
              choices={districts}
            />
            <FilterSelect
              label="School level"
              value={filter.level}
              onChange={(v) => set("level", v)}
              any="Every level"
              choices={LEVELS.map((l) => [l, l] as const)}
            />
            <FilterSelect
              label="Tier"
              value={filter.tier}
              onChange={(v) => set("tier", v, "supported")}
              choices={TIER_CHOICES}
            />
            {facilitators.data && facilitators.data.length > 0 ? (
              <FilterSelect
                label="Facilitator"
                value={filter.facilitator}
                onChange={(v) => set("facilitator", v)}
                any="Any facilitator"
                choices={facilitators.data.map((f) => [String(f.id), f.name] as const)}
              />
            ) : null}
            <FilterSelect
              label="Sort by"
              value={filter.sort}
              onChange={(v) => set("sort", v, "index")}
              choices={SORTS}
            />
          </div>
          <Pager
            label="Pages of the tier list"
            what="schools"
            total={shown.length}
            page={paged.page}
            pages={paged.pages}
            first={paged.first}
            last={paged.last}
            onPage={(p) => set("page", String(p), "1")}
          />
          <div className="tier-table">
            <SortableTable
              caption="Schools by support tier, with the reason"
              columns={columns}
              rows={paged.rows}
              rowKey={(t) => `${t.school_code}|${t.school_level}`}
              empty="No school matches these filters."
            />
          </div>
          <ul
            className="card-list tier-cards"
            aria-label="Schools by support tier, with the reason"
          >
            {paged.rows.map((t) => (
              <li
                key={`${t.school_code}|${t.school_level}`}
                className="card"
                data-school={t.school_code}
              >
                <h3>
                  <RunLink to={`/schools/${t.school_code}`}>{name(t.school_code)}</RunLink>
                </h3>
                <p className="muted">
                  {districtName(t.school_code)} · {t.school_level}
                </p>
                <p>
                  <strong>{tierLabel(t.tier)}</strong> · index{" "}
                  <IndexScore score={t.index_score} suppressed={t.index_score_suppressed} />{" "}
                  <LevelBadge level={t.index_level} />
                </p>
                <p className="reason">{t.reason}</p>
              </li>
            ))}
          </ul>
          {paged.pages > 1 ? (
            <Pager
              label="Pages of the tier list, below it"
              what="schools"
              total={shown.length}
              page={paged.page}
              pages={paged.pages}
              first={paged.first}
              last={paged.last}
              onPage={(p) => set("page", String(p), "1")}
            />
          ) : null}
        </QueryState>
      </section>
      <PairingSection runId={run?.run_id} name={name} inScope={inScope} />
      <CommunitySection runId={run?.run_id} name={name} inScope={inScope} />
    </>
  );
}

function notComputed(error: unknown): boolean {
  return error instanceof ApiError && error.code === "not_computed";
}

function PairingSection({
  runId,
  name,
  inScope,
}: {
  runId: string | undefined;
  name: (c: string | null) => string;
  inScope: (school: string, level: string) => boolean;
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
            rows={(pairings.data ?? []).filter((p) => inScope(p.school_code, p.school_level))}
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
  // Each label starts a title: its first letter in capitals ("Students with disabilities in ELA
  // performance"); the words are the server's, from the framework's group and measure labels.
  return labels.length === 0
    ? "—"
    : labels.map((l) => l.charAt(0).toUpperCase() + l.slice(1)).join("; ");
}

function CommunitySection({
  runId,
  name,
  inScope,
}: {
  runId: string | undefined;
  name: (c: string | null) => string;
  inScope: (school: string, level: string) => boolean;
}) {
  const communities = useCommunities(runId);
  const groups = useMemo(() => {
    const map = new Map<string, CommunityRow[]>();
    for (const row of (communities.data ?? []).filter((r) =>
      inScope(r.school_code, r.school_level),
    )) {
      const key = row.community_id ?? "(none)";
      map.set(key, [...(map.get(key) ?? []), row]);
    }
    return [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [communities.data, inScope]);
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
                {/* A community's reason is the same on every member's row; the unplaced schools
                    each have their own, beside their names. */}
                {id === "(none)" ? null : <p className="reason">{rows[0]?.reason}</p>}
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
