import { useQuery } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import type { Facilitator } from "./types.ts";

/** The facilitators of the plans the signed-in reader may see (none asked for the public). */
export function useFacilitators(signedIn: boolean) {
  return useQuery({
    queryKey: ["facilitators"],
    enabled: signedIn,
    queryFn: () =>
      api.get<{ facilitators: Facilitator[] }>("/api/facilitators").then((r) => r.facilitators),
  });
}
