import { useEffect, useId, useState } from "react";
import { useNavigate } from "react-router-dom";
import { useSchoolSearch } from "../api/queries.ts";
import type { SchoolMatch } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { tierLabel } from "../format/tier-label.ts";
import { LevelBadge } from "./level-badge.tsx";
import { useRunPath } from "./run-link.tsx";

/** How long typing must pause before the server is asked. */
const DEBOUNCE_MS = 200;

/**
 * Finds a school by name, district or code (the server tolerates typos) in the run shown: a
 * combobox with a list of matches, each with its district and, per school level, its index level
 * and tier (the WAI-ARIA combobox pattern: arrows move through the list, Enter opens the school's
 * report, Escape closes the list, then clears the box).
 */
export function SchoolSearch() {
  const ids = { input: useId(), list: useId(), status: useId() };
  const navigate = useNavigate();
  const withRun = useRunPath();
  const { run } = useCurrentRun();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useSchoolSearch(run?.run_id, query);
  const typed = query.trim().length >= 2;
  const matches: SchoolMatch[] = typed ? (search.data?.schools ?? []) : [];
  const expanded = open && typed && search.data !== undefined;
  // A new answer starts with no option active.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on each new list of matches
  useEffect(() => setActive(-1), [search.data]);

  const go = (m: SchoolMatch) => {
    setText("");
    setQuery("");
    setOpen(false);
    navigate(withRun(`/schools/${m.school_code}`));
  };
  const optionId = (i: number) => `${ids.list}-option-${i}`;

  return (
    <search className="school-search">
      <label htmlFor={ids.input} className="sr-only">
        Find a school
      </label>
      <input
        id={ids.input}
        type="text"
        role="combobox"
        placeholder="Find a school: name, district or code"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={ids.list}
        aria-describedby={ids.status}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            if (matches.length > 0) setActive((a) => (a + 1) % matches.length);
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
            if (matches.length > 0) setActive((a) => (a <= 0 ? matches.length : a) - 1);
          } else if (e.key === "Enter") {
            const chosen = matches[Math.max(active, 0)];
            if (expanded && chosen) {
              e.preventDefault();
              go(chosen);
            }
          } else if (e.key === "Escape") {
            if (expanded) setOpen(false);
            else setText("");
          }
        }}
      />
      <div id={ids.list} role="listbox" aria-label="Schools found" hidden={!expanded}>
        {matches.map((m, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keys
          // biome-ignore lint/a11y/useFocusableInteractive: options stay unfocused: focus stays in the input, which points at the active one (aria-activedescendant)
          <div
            key={m.school_code}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? "active" : undefined}
            // Keeps focus in the input, so the click is not lost to its blur.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => go(m)}
            onMouseMove={() => setActive(i)}
          >
            <span className="match-name">{m.school_name}</span>
            <span className="match-meta">
              {m.district_name} · {m.school_code}
            </span>
            {m.levels.map((l) => (
              <span key={l.school_level} className="match-level">
                {l.school_level}: <LevelBadge level={l.index_level} /> {tierLabel(l.tier)}
              </span>
            ))}
          </div>
        ))}
      </div>
      <span id={ids.status} className="sr-only" aria-live="polite">
        {expanded
          ? matches.length === 0
            ? "No school matches."
            : `${matches.length} school${matches.length === 1 ? "" : "s"} found; arrow keys to choose, Enter to open.`
          : ""}
      </span>
      {expanded && matches.length === 0 ? (
        <p className="search-empty" aria-hidden="true">
          No school matches “{query.trim()}”.
        </p>
      ) : null}
    </search>
  );
}
