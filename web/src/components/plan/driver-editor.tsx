import { useId, useState } from "react";
import { usePlanWrite } from "../../api/plan-queries.ts";
import type { DriverNode, Plan } from "../../api/types.ts";
import { DriverDiagram } from "./driver-diagram.tsx";

const KIND_LABEL: Record<DriverNode["kind"], string> = {
  primary: "Primary driver",
  secondary: "Secondary driver",
  change_idea: "Change idea",
};
/** What each kind drives (its links go one step towards the aim). */
const DRIVES: Record<DriverNode["kind"], DriverNode["kind"] | null> = {
  primary: null,
  secondary: "primary",
  change_idea: "secondary",
};

/** The driver diagram, drawn, and its editor: nodes with their kind and label, and what each drives. */
export function DriverEditor({ plan, canWrite }: { plan: Plan; canWrite: boolean }) {
  const [nodes, setNodes] = useState(plan.drivers.nodes);
  const [links, setLinks] = useState(plan.drivers.links);
  const [kind, setKind] = useState<DriverNode["kind"]>("primary");
  const [label, setLabel] = useState("");
  const save = usePlanWrite<unknown>(plan.id, "PUT", `/api/plans/${plan.id}`);
  const id = useId();
  const add = () => {
    if (!label.trim()) return;
    let n = nodes.length + 1;
    while (nodes.some((x) => x.key === `n${n}`)) n++;
    setNodes([...nodes, { key: `n${n}`, kind, label: label.trim() }]);
    setLabel("");
  };
  const toggle = (from: string, to: string) =>
    setLinks(
      links.some((l) => l.from === from && l.to === to)
        ? links.filter((l) => !(l.from === from && l.to === to))
        : [...links, { from, to }],
    );
  const remove = (key: string) => {
    setNodes(nodes.filter((n) => n.key !== key));
    setLinks(links.filter((l) => l.from !== key && l.to !== key));
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Driver diagram</h2>
      <div className="table-scroll">
        <DriverDiagram plan={{ ...plan, drivers: { nodes, links } }} />
      </div>
      {canWrite ? (
        <>
          <ul className="driver-list">
            {nodes.map((n) => {
              const target = DRIVES[n.kind];
              return (
                <li key={n.key}>
                  <strong>{KIND_LABEL[n.kind]}:</strong> {n.label}{" "}
                  <button type="button" className="link-button" onClick={() => remove(n.key)}>
                    Remove<span className="sr-only"> {n.label}</span>
                  </button>
                  {target ? (
                    <fieldset className="drives">
                      <legend>Drives</legend>
                      {nodes
                        .filter((t) => t.kind === target)
                        .map((t) => (
                          <label key={t.key}>
                            <input
                              type="checkbox"
                              checked={links.some((l) => l.from === n.key && l.to === t.key)}
                              onChange={() => toggle(n.key, t.key)}
                            />{" "}
                            {t.label}
                          </label>
                        ))}
                    </fieldset>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <div className="controls">
            <div className="field">
              <label htmlFor={`${id}-kind`}>New node</label>
              <select
                id={`${id}-kind`}
                value={kind}
                onChange={(e) => setKind(e.target.value as DriverNode["kind"])}
              >
                <option value="primary">Primary driver</option>
                <option value="secondary">Secondary driver</option>
                <option value="change_idea">Change idea</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-label`}>Label</label>
              <input
                id={`${id}-label`}
                value={label}
                maxLength={200}
                onChange={(e) => setLabel(e.target.value)}
              />
            </div>
            <button type="button" onClick={add}>
              Add
            </button>
            <button type="button" onClick={() => save.mutate({ drivers: { nodes, links } })}>
              Save diagram
            </button>
          </div>
          {save.error ? (
            <p role="alert" className="notice">
              {(save.error as Error).message}
            </p>
          ) : save.isSuccess ? (
            <p role="status">Diagram saved.</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
