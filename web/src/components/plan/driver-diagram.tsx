import type { Plan } from "../../api/types.ts";

const COLUMNS = ["aim", "primary", "secondary", "change_idea"] as const;
const HEADINGS = ["Aim", "Primary drivers", "Secondary drivers", "Change ideas"];
const BOX_W = 200;
const BOX_H = 56;
const GAP_X = 60;
const GAP_Y = 16;
const TOP = 30;

/** Splits a label into at most three lines of about `width` characters. */
function lines(label: string, width = 30): string[] {
  const words = label.split(/\s+/);
  const out: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && `${line} ${w}`.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.length > 3 ? [...out.slice(0, 2), `${out[2]}…`] : out;
}

/**
 * The driver diagram drawn left to right: the aim, primary drivers (each linked to the aim),
 * secondary drivers and change ideas, with a line for every link. It scales to the page's width;
 * the editor beside it lists the same nodes as text.
 */
export function DriverDiagram({ plan }: { plan: Plan }) {
  const nodes = plan.drivers.nodes;
  const byColumn = COLUMNS.map((c) =>
    c === "aim"
      ? [{ key: "__aim", label: plan.aim.what || "Aim" }]
      : nodes.filter((n) => n.kind === c).map((n) => ({ key: n.key, label: n.label })),
  );
  const rows = Math.max(1, ...byColumn.map((c) => c.length));
  const height = TOP + rows * (BOX_H + GAP_Y);
  const width = COLUMNS.length * BOX_W + (COLUMNS.length - 1) * GAP_X;
  const place = new Map<string, { x: number; y: number }>();
  byColumn.forEach((column, ci) => {
    const offset = ((rows - column.length) * (BOX_H + GAP_Y)) / 2;
    column.forEach((n, ri) => {
      place.set(n.key, { x: ci * (BOX_W + GAP_X), y: TOP + offset + ri * (BOX_H + GAP_Y) });
    });
  });
  const links = [
    ...nodes.filter((n) => n.kind === "primary").map((n) => ({ from: n.key, to: "__aim" })),
    ...plan.drivers.links,
  ];
  return (
    <svg
      className="driver-diagram"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Driver diagram: ${nodes.length} drivers and change ideas under the aim`}
    >
      {HEADINGS.map((h, i) => (
        <text key={h} x={i * (BOX_W + GAP_X)} y={16} className="dd-heading">
          {h}
        </text>
      ))}
      {links.map((l) => {
        const a = place.get(l.from);
        const b = place.get(l.to);
        if (!a || !b) return null;
        return (
          <line
            key={`${l.from}-${l.to}`}
            x1={b.x + BOX_W}
            y1={b.y + BOX_H / 2}
            x2={a.x}
            y2={a.y + BOX_H / 2}
            className="dd-link"
          />
        );
      })}
      {byColumn.flatMap((column, ci) =>
        column.map((n) => {
          const p = place.get(n.key)!;
          return (
            <g key={n.key} transform={`translate(${p.x},${p.y})`}>
              <rect width={BOX_W} height={BOX_H} rx={6} className={`dd-box dd-${COLUMNS[ci]}`} />
              {lines(n.label)
                .map((t, i) => ({ t, y: 18 + i * 15 }))
                .map(({ t, y }) => (
                  <text key={y} x={8} y={y} className="dd-label">
                    {t}
                  </text>
                ))}
            </g>
          );
        }),
      )}
    </svg>
  );
}
