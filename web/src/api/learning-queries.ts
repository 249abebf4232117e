import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import type { ChangeIdeaPage, LearningList } from "./types.ts";

/** Two-way learning and the change-idea library (src/server/routes/learning-entries.ts, change-idea-library.ts). */

export function useLearning(planId: number) {
  return useQuery({
    queryKey: ["learning", planId],
    queryFn: () => api.get<LearningList>(`/api/plans/${planId}/learning`),
  });
}

/** Records (POST), corrects (PUT) or takes back (DELETE) an entry, refreshing the plan's learning. */
export function useLearningWrite<B>(planId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      method,
      entryId,
      body,
    }: {
      method: "POST" | "PUT" | "DELETE";
      entryId?: number;
      body?: B;
    }) => {
      const base = `/api/plans/${planId}/learning`;
      if (method === "POST") return api.post<unknown>(base, body);
      if (method === "PUT") return api.put<unknown>(`${base}/${entryId}`, body);
      return api.delete<unknown>(`${base}/${entryId}`);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ["learning", planId] }),
  });
}

/** The library's filters as the URL holds them. */
export interface ChangeIdeaFilters {
  readonly metric?: string | undefined;
  readonly group?: string | undefined;
  readonly level?: string | undefined;
  readonly decision?: string | undefined;
  readonly q?: string | undefined;
  readonly offset?: number | undefined;
}

export const CHANGE_IDEAS_PER_PAGE = 10;

export function useChangeIdeas(filters: ChangeIdeaFilters) {
  return useQuery({
    queryKey: ["change-ideas", filters],
    retry: false,
    queryFn: () =>
      api.get<ChangeIdeaPage>("/api/change-ideas", { ...filters, limit: CHANGE_IDEAS_PER_PAGE }),
  });
}
