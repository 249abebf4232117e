import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FromSchema } from "json-schema-to-ts";
import type {
  RESOURCE_DETAIL,
  RESOURCE_PAGE,
  RESOURCE_RATING,
} from "../../../src/resources/resource-schema.ts";
import { api } from "./api-client.ts";

/** The shared-resource library (src/server/routes/resources.ts). */

export type ResourcePage = FromSchema<typeof RESOURCE_PAGE>;
export type ResourceSummary = ResourcePage["resources"][number];
export type ResourceDetail = FromSchema<typeof RESOURCE_DETAIL>;
export type ResourceVersion = ResourceDetail["versions"][number];
export type ResourceRating = FromSchema<typeof RESOURCE_RATING>;

/** The library's filters as the URL holds them. */
export interface ResourceFilters {
  readonly q?: string | undefined;
  readonly kind?: string | undefined;
  readonly district?: string | undefined;
  readonly grade?: string | undefined;
  readonly subject?: string | undefined;
  readonly measure?: string | undefined;
  readonly group?: string | undefined;
  readonly sort?: string | undefined;
  readonly offset?: number | undefined;
}

export const RESOURCES_PER_PAGE = 12;

export function useResources(filters: ResourceFilters) {
  return useQuery({
    queryKey: ["resources", filters],
    retry: false,
    queryFn: () =>
      api.get<ResourcePage>("/api/resources", { ...filters, limit: RESOURCES_PER_PAGE }),
  });
}

export function useResource(id: number) {
  return useQuery({
    queryKey: ["resource", id],
    retry: false,
    queryFn: () => api.get<ResourceDetail>(`/api/resources/${id}`),
  });
}

/** Publishes a resource (POST /api/resources) from its form. */
export function usePublishResource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (form: FormData) => api.postForm<ResourceDetail>("/api/resources", form),
    onSuccess: () => client.invalidateQueries({ queryKey: ["resources"] }),
  });
}

/** Adds a version to resource `id` from its form. */
export function useAddResourceVersion(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (form: FormData) =>
      api.postForm<ResourceDetail>(`/api/resources/${id}/versions`, form),
    onSuccess: (detail) => {
      client.setQueryData(["resource", id], detail);
      return client.invalidateQueries({ queryKey: ["resources"] });
    },
  });
}

export function useRateResource(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stars: number) =>
      api.put<ResourceRating>(`/api/resources/${id}/rating`, { stars }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ["resource", id] }),
        client.invalidateQueries({ queryKey: ["resources"] }),
      ]),
  });
}
