import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import type { SchoolHistory } from "./types.ts";

/** A school's history over the run chain, for all students and `group` (ALL: no other group). */
export function useSchoolHistory(runId: string | undefined, schoolCode: string, group: string) {
  return useQuery({
    queryKey: ["history", runId, schoolCode, group],
    enabled: runId !== undefined,
    placeholderData: keepPreviousData,
    queryFn: () =>
      api.get<SchoolHistory>(`/api/runs/${runId}/schools/${schoolCode}/history`, { group }),
  });
}
