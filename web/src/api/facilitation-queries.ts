import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import type {
  FacilitationQueue,
  FacilitatorChoice,
  NetworkRollup,
  PlanProgressScores,
  PlanReview,
} from "./types.ts";

/* Facilitation's reads and writes (src/server/routes/facilitation.ts, plan-reviews.ts,
   progress-scores.ts, network-rollup.ts). Each write refreshes what it changes. */

/** What needs the signed-in facilitator (or the hub, or a district admin) today. */
export function useFacilitationQueue() {
  return useQuery({
    queryKey: ["facilitation"],
    queryFn: () => api.get<FacilitationQueue>("/api/facilitation"),
  });
}

/** The hub's roll-up of `quarter` (`YYYY-Qn`; undefined: this quarter). */
export function useNetworkRollup(quarter: string | undefined) {
  return useQuery({
    queryKey: ["network-rollup", quarter ?? null],
    queryFn: () => api.get<NetworkRollup>("/api/network/rollup", quarter ? { quarter } : undefined),
  });
}

export function usePlanReviews(planId: number) {
  return useQuery({
    queryKey: ["plan-reviews", planId],
    queryFn: () =>
      api.get<{ reviews: PlanReview[] }>(`/api/plans/${planId}/reviews`).then((r) => r.reviews),
  });
}

const afterReview = (client: ReturnType<typeof useQueryClient>, planId: number) =>
  Promise.all([
    client.invalidateQueries({ queryKey: ["plan-reviews", planId] }),
    client.invalidateQueries({ queryKey: ["facilitation"] }),
  ]);

export function useSubmitForReview(planId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => api.post<PlanReview>(`/api/plans/${planId}/reviews`, { note }),
    onSuccess: () => afterReview(client, planId),
  });
}

export function useAnswerReview(planId: number, reviewId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { outcome: "reviewed" | "changes_requested"; comments: string }) =>
      api.put<PlanReview>(`/api/plans/${planId}/reviews/${reviewId}`, body),
    onSuccess: () => afterReview(client, planId),
  });
}

/** Who facilitates the plan and who could; only for those who may assign (else an error). */
export function useFacilitatorChoice(planId: number, enabled: boolean) {
  return useQuery({
    queryKey: ["plan-facilitator", planId],
    enabled,
    retry: false,
    queryFn: () => api.get<FacilitatorChoice>(`/api/plans/${planId}/facilitator`),
  });
}

export function useAssignFacilitator(planId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (facilitatorId: number | null) =>
      api.put<FacilitatorChoice>(`/api/plans/${planId}/facilitator`, {
        facilitator_id: facilitatorId,
      }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ["plan-facilitator", planId] }),
        client.invalidateQueries({ queryKey: ["plan", planId] }),
      ]),
  });
}

export function useProgressScores(planId: number) {
  return useQuery({
    queryKey: ["progress-scores", planId],
    queryFn: () => api.get<PlanProgressScores>(`/api/plans/${planId}/progress-scores`),
  });
}

export function useEnterProgressScore(planId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (b: { month: string; score: number; note: string }) =>
      api.put<unknown>(`/api/plans/${planId}/progress-scores/${b.month}`, {
        score: b.score,
        note: b.note,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["progress-scores", planId] }),
  });
}
