import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo } from "react";
import { api } from "./api-client.ts";
import type { Me } from "./types.ts";

interface SessionValue {
  readonly me: Me | undefined;
  readonly loading: boolean;
  readonly signedIn: boolean;
  signIn(email: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Drops every cached query but `me` (another user's data must not be shown). */
function forgetAllButMe(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
}

/**
 * Who is signed in (GET /api/auth/me), with sign-in and sign-out that reset every cached query.
 * The `me` query itself is kept and overwritten rather than cleared: its observer here would stay
 * on the removed query, and the header would show the previous user until a reload.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ["me"],
    queryFn: async () => {
      const who = await api.get<Me>("/api/auth/me");
      api.setCsrfToken(who.csrfToken ?? null);
      return who;
    },
    staleTime: 60_000,
  });
  const signIn = useCallback(
    async (email: string, password: string) => {
      const who = await api.post<Me>("/api/auth/login", { email, password });
      api.setCsrfToken(who.csrfToken ?? null);
      forgetAllButMe(client);
      client.setQueryData(["me"], who);
      return who;
    },
    [client],
  );
  const signOut = useCallback(async () => {
    try {
      await api.post("/api/auth/logout");
    } finally {
      api.setCsrfToken(null);
      forgetAllButMe(client);
      client.setQueryData(["me"], { role: "public", userId: null } satisfies Me);
    }
  }, [client]);
  const value = useMemo<SessionValue>(
    () => ({
      me: me.data,
      loading: me.isPending,
      signedIn: (me.data?.userId ?? null) !== null,
      signIn,
      signOut,
    }),
    [me.data, me.isPending, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session of the page (inside {@link SessionProvider}). */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession() needs a <SessionProvider> above it");
  return value;
}
