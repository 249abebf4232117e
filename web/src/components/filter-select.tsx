import { useId } from "react";

/** One choice of a {@link FilterSelect}: the value sent and the words shown. */
export type FilterChoice = readonly [value: string, label: string];

/**
 * A labelled drop-down that narrows a list: a `.field` with its label and the choices, with an
 * optional first choice ("Every district", "Any measure") whose value is the empty string. A
 * current value that is not among the choices (a link from elsewhere, a facet not loaded yet) is
 * kept as a choice of its own, so the drop-down shows what is applied.
 */
export function FilterSelect({
  label,
  value,
  onChange,
  choices,
  any,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly choices: readonly FilterChoice[];
  /** The words of the "no filter" choice (value ""); without it every choice narrows. */
  readonly any?: string;
}) {
  const id = useId();
  const shown =
    value !== "" && !choices.some(([v]) => v === value)
      ? [...choices, [value, value] as const]
      : choices;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {any === undefined ? null : <option value="">{any}</option>}
        {shown.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/** {@link FilterChoice}s of facet options as an API lists them (`id`, `label`). */
export function choicesOf(
  options: readonly { readonly id: string; readonly label: string }[] | undefined,
): FilterChoice[] {
  return (options ?? []).map((o) => [o.id, o.label] as const);
}
