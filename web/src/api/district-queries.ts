import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { FromSchema } from "json-schema-to-ts";
import type {
  DISTRICT_VIEW,
  SCHOOL_LOCAL_MEASURES,
} from "../../../src/results/district-view-schema.ts";
import { api } from "./api-client.ts";

/** A district's view of a run (`GET /api/runs/:run/districts/:code?peers=`). */
export type DistrictView = FromSchema<typeof DISTRICT_VIEW>;
export type DistrictMeasure = DistrictView["measures"][number];
/** A school's local measures (`GET /api/runs/:run/schools/:school/local-measures`). */
export type SchoolLocalMeasures = FromSchema<typeof SCHOOL_LOCAL_MEASURES>;

export function useDistrictView(
  runId: string | undefined,
  district: string,
  peers: readonly string[] | null,
) {
  return useQuery({
    queryKey: ["district-view", runId, district, peers],
    enabled: runId !== undefined,
    placeholderData: keepPreviousData,
    queryFn: () =>
      api.get<DistrictView>(
        `/api/runs/${runId}/districts/${district}`,
        peers && peers.length > 0 ? { peers: peers.join(",") } : {},
      ),
  });
}

export function useSchoolLocalMeasures(runId: string | undefined, schoolCode: string) {
  return useQuery({
    queryKey: ["local-measures", runId, schoolCode],
    enabled: runId !== undefined,
    queryFn: () =>
      api.get<SchoolLocalMeasures>(`/api/runs/${runId}/schools/${schoolCode}/local-measures`),
  });
}
