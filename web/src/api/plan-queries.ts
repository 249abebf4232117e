import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import type { Plan, PlanDraft, PlanEvidence, PlanSummary } from "./types.ts";

/** The improvement workspace's reads and writes (see src/server/routes/improvement-plans.ts). */

/** Which run's pair (its priority school) or community a page is about. */
export interface GroupRef {
  readonly run_id: string;
  readonly kind: "pair" | "community";
  readonly school_level: "elementary" | "middle" | "high";
  readonly group_key: string;
}

/** The plans the user works on; with `ref`, only that pair's or community's. */
export function usePlans(ref?: GroupRef) {
  return useQuery({
    queryKey: ["plans", ref ?? null],
    queryFn: () =>
      api
        .get<{ plans: PlanSummary[] }>("/api/plans", ref ? { ...ref } : undefined)
        .then((r) => r.plans),
  });
}

/** How many plans the workspace page shows at once. */
export const PLANS_PER_PAGE = 50;

/** Page `page` (1-based) of the plans the user works on, with how many there are in all. */
export function usePlanPage(page: number) {
  return useQuery({
    queryKey: ["plans", "page", page],
    queryFn: () =>
      api.get<{ plans: PlanSummary[]; total: number; page: number; per_page: number }>(
        "/api/plans",
        { page, per_page: PLANS_PER_PAGE },
      ),
  });
}

/** The plan the identification proposes; a refusal (not a starter) is an error the page reads. */
export function usePlanDraft(ref: GroupRef, enabled: boolean) {
  return useQuery({
    queryKey: ["plan-draft", ref],
    enabled,
    retry: false,
    queryFn: () =>
      api.get<PlanDraft>(`/api/runs/${ref.run_id}/plan-draft`, {
        kind: ref.kind,
        school_level: ref.school_level,
        group_key: ref.group_key,
      }),
  });
}

export function usePlan(planId: number | undefined) {
  return useQuery({
    queryKey: ["plan", planId],
    enabled: planId !== undefined,
    queryFn: () => api.get<Plan>(`/api/plans/${planId}`),
  });
}

/**
 * A write to a plan (`method` `path` with the body given to `mutate`), refreshing the plan after.
 */
export function usePlanWrite<B>(planId: number, method: "POST" | "PUT", path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: B) =>
      method === "POST" ? api.post<unknown>(path, body) : api.put<unknown>(path, body),
    // A cycle or a meeting is an annotation on the plan's charts: the evidence is read again too.
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ["plan", planId] }),
        client.invalidateQueries({ queryKey: ["plan-evidence", planId] }),
      ]),
  });
}

/** The plan's charts, with its cycles and meetings as annotations, and what changed since it began. */
export function usePlanEvidence(planId: number) {
  return useQuery({
    queryKey: ["plan-evidence", planId],
    queryFn: () => api.get<PlanEvidence>(`/api/plans/${planId}/evidence`),
  });
}

/** Creates the plan of a pair or community from its identification. */
export function useCreatePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ref: GroupRef) => api.post<Plan>("/api/plans", ref),
    onSuccess: () => client.invalidateQueries({ queryKey: ["plans"] }),
  });
}
