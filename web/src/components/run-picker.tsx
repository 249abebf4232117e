import { useId } from "react";
import { useSearchParams } from "react-router-dom";
import { useCurrentRun } from "../api/use-runs.ts";

/** Chooses the run every page shows (kept in the address as `?run=`). */
export function RunPicker() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const { run, runs } = useCurrentRun();
  if (runs.length === 0) return null;
  return (
    <div className="run-picker">
      <label htmlFor={id}>Run</label>
      <select
        id={id}
        value={run?.run_id ?? ""}
        onChange={(e) => {
          const next = new URLSearchParams(params);
          next.set("run", e.target.value);
          setParams(next);
        }}
      >
        {runs.map((r) => (
          <option key={r.run_id} value={r.run_id}>
            {r.year - 1}–{String(r.year).slice(2)} {r.published ? "(published)" : "(draft)"}
          </option>
        ))}
      </select>
    </div>
  );
}
