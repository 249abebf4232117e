import "./district-view.css";
import { useSchoolLocalMeasures } from "../api/district-queries.ts";
import { formatIndex, formatValue } from "../format/format-value.ts";
import { groupLabel, groupOrder } from "../format/group-label.ts";
import { CsvDownload } from "./csv-download.tsx";
import { suppressedText } from "./suppressed-cell.tsx";

/**
 * A school's local measures on its report, after the shared ones: the district's own measures,
 * labelled as such (they are not in the shared index, levels or tiers), with the district's local
 * index when it weights them. Nothing when the district has none.
 */
export function SchoolLocalMeasures({
  runId,
  schoolCode,
  districtName,
}: {
  runId: string;
  schoolCode: string;
  districtName: string;
}) {
  const local = useSchoolLocalMeasures(runId, schoolCode);
  const data = local.data;
  if (!data || data.measures.length === 0) return null;
  return (
    <section aria-labelledby="local-measures-title" className="local-measures">
      <h2 id="local-measures-title">{districtName}'s own measures</h2>
      <p className="muted">
        Local measures this district added for its schools. They are the district's, not the
        network's: they do not change this school's index, levels or support tier.
      </p>
      {data.local_index.map((i) => (
        <p key={i.school_level}>
          <strong>Local index</strong> ({i.school_level}):{" "}
          {i.score === null
            ? "withheld (it would reveal a suppressed figure)"
            : formatIndex(i.score)}
        </p>
      ))}
      {data.measures.map((m) => {
        const caption = `${m.label} (local measure of ${districtName}), ${m.school_level}`;
        const groups = [...m.groups].sort(
          (a, b) => groupOrder(a.student_group) - groupOrder(b.student_group),
        );
        return (
          <div key={`${m.metric}|${m.school_level}`} className="local-measure">
            <div className="table-scroll">
              <table>
                <caption>
                  {caption} <span className="badge local-badge">Local measure</span>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Student group</th>
                    <th scope="col">Students</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {groups.map((g) => (
                    <tr key={g.student_group}>
                      <th scope="row">{groupLabel(g.student_group)}</th>
                      <td className="numeric">{g.n ?? "—"}</td>
                      <td className="numeric">
                        {g.value === null
                          ? g.suppressed
                            ? suppressedText({ reason: g.suppression_reason })
                            : "—"
                          : formatValue(m.base_metric, g.value)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">{m.description}</p>
            <CsvDownload
              name={caption}
              header={["student group", "students", "value"]}
              rows={() =>
                groups.map((g) => [
                  groupLabel(g.student_group),
                  g.n ?? "",
                  g.value === null ? (g.suppressed ? "suppressed" : "") : g.value,
                ])
              }
            />
          </div>
        );
      })}
    </section>
  );
}
