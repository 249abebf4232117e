import type { FormEvent } from "react";
import { useSearchParams } from "react-router-dom";

/**
 * A list page's filters kept in the URL (so other pages can link to a filtered list): `get` reads
 * one, `set` changes some (an empty value removes it; any change but the page's own `offset`
 * goes back to the first page), and `onSearch` is a words form's submit (its `q` field).
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: string): string | undefined => params.get(key) ?? undefined;
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("offset" in changes)) next.delete("offset");
    setParams(next, { replace: true });
  };
  const onSearch = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    set({ q: String(new FormData(e.currentTarget).get("q") ?? "").trim() });
  };
  const offset = Number(params.get("offset") ?? 0) || undefined;
  return { get, set, onSearch, offset };
}
