import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FromSchema } from "json-schema-to-ts";
import type {
  DIRECTORY,
  DIRECTORY_PROFILE,
  DISTRICT,
  DISTRICT_DETAIL,
  INVITATION_LIST,
  NEW_DISTRICT,
  NEW_INVITATION,
  SENT_INVITATION,
  STATUS_CHANGE,
} from "../../../src/collaborative/collaborative-schema.ts";
import { api } from "./api-client.ts";

/* The data collaborative's reads and writes (src/server/routes/districts.ts, directory.ts). */

export type Membership = FromSchema<typeof DISTRICT>;
export type MembershipDetail = FromSchema<typeof DISTRICT_DETAIL>;
export type NewDistrict = FromSchema<typeof NEW_DISTRICT>;
export type StatusChange = FromSchema<typeof STATUS_CHANGE>;
export type NewInvitation = FromSchema<typeof NEW_INVITATION>;
export type SentInvitation = FromSchema<typeof SENT_INVITATION>;
export type Invitations = FromSchema<typeof INVITATION_LIST>;
export type Directory = FromSchema<typeof DIRECTORY>;
export type DirectoryProfile = FromSchema<typeof DIRECTORY_PROFILE>;

export function useMemberships(enabled: boolean) {
  return useQuery({
    queryKey: ["memberships"],
    enabled,
    queryFn: () => api.get<{ districts: Membership[] }>("/api/districts").then((r) => r.districts),
  });
}

export function useMembership(code: string, enabled: boolean) {
  return useQuery({
    queryKey: ["membership", code],
    enabled,
    retry: false,
    queryFn: () => api.get<MembershipDetail>(`/api/districts/${code}`),
  });
}

export function useInvitations(code: string | null) {
  return useQuery({
    queryKey: ["invitations", code],
    enabled: code !== null,
    queryFn: () => api.get<Invitations>(`/api/districts/${code}/invitations`),
  });
}

function useRefresh() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ["memberships"] }),
      client.invalidateQueries({ queryKey: ["membership"] }),
      client.invalidateQueries({ queryKey: ["invitations"] }),
    ]);
}

export function useOnboardDistrict() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewDistrict) => api.post<Membership>("/api/districts", body),
    onSuccess: refresh,
  });
}

export function useChangeStatus(code: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: StatusChange) => api.put<Membership>(`/api/districts/${code}/status`, body),
    onSuccess: refresh,
  });
}

export function useInvite(code: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewInvitation) =>
      api.post<SentInvitation>(`/api/districts/${code}/invitations`, body),
    onSuccess: refresh,
  });
}

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      api.post<{ email: string }>("/api/invitations/accept", body),
  });
}

export function useDirectory(filter: { position?: string; district?: string }, enabled: boolean) {
  return useQuery({
    queryKey: ["directory", filter.position ?? null, filter.district ?? null],
    enabled,
    queryFn: () => api.get<Directory>("/api/directory", filter),
  });
}

export function useMyProfile(enabled: boolean) {
  return useQuery({
    queryKey: ["directory-me"],
    enabled,
    queryFn: () =>
      api.get<{ profile: DirectoryProfile | null }>("/api/directory/me").then((r) => r.profile),
  });
}

export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DirectoryProfile) => api.put("/api/directory/me", body),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ["directory-me"] }),
        client.invalidateQueries({ queryKey: ["directory"] }),
      ]),
  });
}

/** "member", "participant (identified)", … as the pages say a membership. */
export function membershipLabel(m: Pick<Membership, "status" | "opted_in">): string {
  if (m.status === "participant")
    return m.opted_in
      ? "Data-collaborative participant (opted in to identification)"
      : "Data-collaborative participant";
  return m.status === "member" ? "Member" : "Inactive";
}
