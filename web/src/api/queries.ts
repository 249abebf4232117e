import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import type {
  CommunityRow,
  GroupResult,
  PairingRow,
  PeerList,
  PeriodicCatalog,
  PeriodicChart,
  RunDetail,
  School,
  SchoolReport,
  SchoolSearch,
  SchoolSupport,
  StudentList,
  TierRow,
} from "./types.ts";

/** The API's reads as TanStack queries, one per resource; disabled until their inputs exist. */

export function useSchools(filter: { district?: string; year?: number } = {}) {
  return useQuery({
    queryKey: ["schools", filter],
    queryFn: () => api.get<{ schools: School[] }>("/api/schools", filter).then((r) => r.schools),
  });
}

export function useTiers(runId: string | undefined, district?: string) {
  return useQuery({
    queryKey: ["tiers", runId, district],
    enabled: runId !== undefined,
    queryFn: () =>
      api
        .get<{ schools: TierRow[] }>(`/api/runs/${runId}/tiers`, { district })
        .then((r) => r.schools),
  });
}

export function useMeasureResults(runId: string | undefined, metric: string) {
  return useQuery({
    queryKey: ["measure-results", runId, metric],
    enabled: runId !== undefined,
    queryFn: () =>
      api
        .get<{ results: GroupResult[] }>(`/api/runs/${runId}/measures/${metric}/results`)
        .then((r) => r.results),
  });
}

export function useSchoolReport(runId: string | undefined, schoolCode: string) {
  return useQuery({
    queryKey: ["report", runId, schoolCode],
    enabled: runId !== undefined,
    queryFn: () => api.get<SchoolReport>(`/api/runs/${runId}/schools/${schoolCode}/report`),
  });
}

export function usePeers(
  runId: string | undefined,
  schoolCode: string,
  query: { metric: string | undefined; level: string | undefined },
) {
  return useQuery({
    queryKey: ["peers", runId, schoolCode, query],
    enabled: runId !== undefined && query.metric !== undefined,
    retry: false,
    queryFn: () =>
      api.get<PeerList>(`/api/runs/${runId}/schools/${schoolCode}/peers`, {
        metric: query.metric,
        level: query.level,
      }),
  });
}

export function usePairings(runId: string | undefined) {
  return useQuery({
    queryKey: ["pairings", runId],
    enabled: runId !== undefined,
    retry: false,
    queryFn: () =>
      api.get<{ rows: PairingRow[] }>(`/api/runs/${runId}/pairings`).then((r) => r.rows),
  });
}

export function useCommunities(runId: string | undefined) {
  return useQuery({
    queryKey: ["communities", runId],
    enabled: runId !== undefined,
    retry: false,
    queryFn: () =>
      api.get<{ rows: CommunityRow[] }>(`/api/runs/${runId}/communities`).then((r) => r.rows),
  });
}

export function useRunDetail(runId: string | undefined) {
  return useQuery({
    queryKey: ["run", runId],
    enabled: runId !== undefined,
    queryFn: () => api.get<RunDetail>(`/api/runs/${runId}`),
  });
}

/** One school of the directory: its name, district and grades. */
export function useSchool(schoolCode: string) {
  return useQuery({
    queryKey: ["school", schoolCode],
    queryFn: () => api.get<{ school: School }>(`/api/schools/${schoolCode}`).then((r) => r.school),
  });
}

export function useStudents(schoolCode: string) {
  return useQuery({
    queryKey: ["students", schoolCode],
    retry: false,
    queryFn: () => api.get<StudentList>(`/api/schools/${schoolCode}/students`),
  });
}

/** Schools matching `query` in the run (typos tolerated); disabled below two characters. */
export function useSchoolSearch(runId: string | undefined, query: string) {
  const q = query.trim();
  return useQuery({
    queryKey: ["search", runId, q],
    enabled: runId !== undefined && q.length >= 2,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
    queryFn: () => api.get<SchoolSearch>(`/api/runs/${runId}/search`, { q }),
  });
}

/** A school's pairs and communities in the run, and the plans of the school the reader may see. */
export function useSchoolSupport(runId: string | undefined, schoolCode: string | undefined) {
  return useQuery({
    queryKey: ["school-support", runId, schoolCode],
    enabled: runId !== undefined && schoolCode !== undefined,
    retry: false,
    queryFn: () => api.get<SchoolSupport>(`/api/runs/${runId}/schools/${schoolCode}/support`),
  });
}

/** A school's periodic measures in the run: levels, measures and groups. */
export function usePeriodicCatalog(runId: string | undefined, schoolCode: string | undefined) {
  return useQuery({
    queryKey: ["periodic", runId, schoolCode],
    enabled: runId !== undefined && schoolCode !== undefined,
    retry: false,
    queryFn: () => api.get<PeriodicCatalog>(`/api/runs/${runId}/schools/${schoolCode}/periodic`),
  });
}

/** What a periodic chart is of, and how it is drawn (the chart route's query). */
export interface PeriodicChartRequest {
  level: string;
  measure: string;
  group: string;
  /** Undefined: the measure's default chart (monthly absence: seasonally adjusted). */
  chart?: "control" | "run" | "seasonal" | undefined;
  baseline?: number | undefined;
}

/** One group's periodic series with its chart, signals and the school's notes. */
export function usePeriodicChart(
  runId: string | undefined,
  schoolCode: string | undefined,
  request: PeriodicChartRequest | undefined,
) {
  return useQuery({
    queryKey: ["periodic-chart", runId, schoolCode, request],
    enabled: runId !== undefined && schoolCode !== undefined && request !== undefined,
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: () =>
      api.get<PeriodicChart>(
        `/api/runs/${runId}/schools/${schoolCode}/periodic/${request!.measure}/chart`,
        {
          level: request!.level,
          group: request!.group,
          chart: request!.chart,
          baseline: request!.baseline,
        },
      ),
  });
}
