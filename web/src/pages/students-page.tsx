import { useId } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import {
  filterStudents,
  inGroup,
  STUDENT_FLAGS,
  type StudentFilter,
  type StudentFlag,
} from "../../../src/results/student-filter.ts";
import { useSchool, useStudents } from "../api/queries.ts";
import type { StudentRow } from "../api/types.ts";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { elStatusLabel, raceLabel } from "../format/code-label.ts";
import { gradeLabel } from "../format/grade-label.ts";
import { groupLabel } from "../format/group-label.ts";
import { schoolYear } from "../format/school-year.ts";

/** A code with its meaning on hover (the legend above the table spells each one out). */
function Code({ code, label }: { code: string; label: (code: string) => string }) {
  return <abbr title={label(code)}>{code}</abbr>;
}

/** The group flags a student row shows (English status has its own column). */
const ROW_FLAGS = ["SED", "SWD", "FOS", "HOM"] as const satisfies readonly StudentFlag[];

/** The codes the table uses, spelled out once before it. */
function CodeLegend({ students }: { students: readonly StudentRow[] }) {
  const races = [...new Set(students.map((s) => s.race_ethnicity))].sort();
  const statuses = [...new Set(students.map((s) => s.el_status))].sort();
  return (
    <dl className="code-legend">
      <dt>Race/ethnicity codes</dt>
      <dd>{races.map((c) => `${c}: ${raceLabel(c)}`).join(" · ")}</dd>
      <dt>English language status codes</dt>
      <dd>{statuses.map((c) => `${c}: ${elStatusLabel(c)}`).join(" · ")}</dd>
      <dt>Student group codes</dt>
      <dd>{ROW_FLAGS.map((c) => `${c}: ${groupLabel(c)}`).join(" · ")}</dd>
      <dt>Grades</dt>
      <dd>TK: transitional kindergarten · K: kindergarten</dd>
      <dt>ELA, Math</dt>
      <dd>the student's achievement level on the state test, 1 (lowest) to 4</dd>
    </dl>
  );
}

const yesNo = (v: boolean) => (v ? "yes" : "no");

const COLUMNS: readonly Column<StudentRow>[] = [
  { key: "id", header: "Student", render: (s) => s.student_id, sortValue: (s) => s.student_id },
  {
    key: "grade",
    header: "Grade",
    numeric: true,
    render: (s) => gradeLabel(s.grade),
    sortValue: (s) => s.grade,
  },
  {
    key: "race",
    header: "Race",
    render: (s) => <Code code={s.race_ethnicity} label={raceLabel} />,
    sortValue: (s) => s.race_ethnicity,
  },
  {
    key: "el",
    header: "English",
    render: (s) => <Code code={s.el_status} label={elStatusLabel} />,
    sortValue: (s) => s.el_status,
  },
  {
    key: "groups",
    header: "Groups",
    render: (s) => {
      const flags = ROW_FLAGS.filter((f) => inGroup(s, f));
      return flags.length === 0 ? (
        "—"
      ) : (
        <span className="codes">
          {flags.map((f, i) => (
            <span key={f}>
              {i > 0 ? " " : ""}
              <Code code={f} label={groupLabel} />
            </span>
          ))}
        </span>
      );
    },
    sortValue: (s) => ROW_FLAGS.filter((f) => inGroup(s, f)).join(" ") || null,
  },
  {
    key: "absent",
    header: "Days absent / enrolled",
    numeric: true,
    // Chronic absence by the framework's rule, beside the days it is read from.
    render: (s) =>
      `${s.days_absent} / ${s.days_enrolled}${s.chronically_absent ? " (chronic)" : ""}`,
    sortValue: (s) => s.days_absent / Math.max(1, s.days_enrolled),
  },
  {
    key: "suspended",
    header: "Suspended",
    render: (s) => yesNo(s.suspended),
    sortValue: (s) => (s.suspended ? 1 : 0),
  },
  {
    key: "ela",
    header: "ELA",
    numeric: true,
    render: (s) => s.ela_level ?? "—",
    sortValue: (s) => s.ela_level,
  },
  {
    key: "math",
    header: "Math",
    numeric: true,
    render: (s) => s.math_level ?? "—",
    sortValue: (s) => s.math_level,
  },
];

/** The filter the page's address holds (`?grade=3&group=EL&group=SED`); unknown values are ignored. */
function filterOf(params: URLSearchParams): StudentFilter {
  const grade = params.get("grade");
  const groups = params
    .getAll("group")
    .filter((g): g is StudentFlag => (STUDENT_FLAGS as readonly string[]).includes(g));
  return {
    grade: grade !== null && /^-?\d+$/.test(grade) ? Number(grade) : undefined,
    groups,
  };
}

/** The filter in words, for the table's caption ("grade 3, English learners and foster youth"). */
function filterWords(filter: StudentFilter): string {
  const parts = [
    ...(filter.grade === undefined ? [] : [`grade ${gradeLabel(filter.grade)}`]),
    ...(filter.groups ?? []).map((g) => groupLabel(g).toLowerCase()),
  ];
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

/**
 * A school's student-level rows, headed by the school's name, narrowed by grade and student group
 * (kept in the address), with its codes spelled out. The server decides who may read them (the
 * school's district, and that school for school staff) and audits every request, the CSV export
 * of the rows shown included (it is made by the server, never in the browser); a refusal is shown
 * as a denial.
 */
export function StudentsPage() {
  const { code = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const school = useSchool(code);
  const students = useStudents(code);
  const name = school.data?.school_name ?? `school ${code}`;
  useDocumentTitle(`Student-level data, ${name}`);
  const filter = filterOf(params);
  const gradeId = useId();

  const setFilter = (next: StudentFilter) => {
    const p = new URLSearchParams(params);
    p.delete("grade");
    p.delete("group");
    if (next.grade !== undefined) p.set("grade", String(next.grade));
    for (const g of next.groups ?? []) p.append("group", g);
    setParams(p, { replace: true });
  };
  const all = students.data?.students ?? [];
  const shown = filterStudents(all, filter);
  const grades = [...new Set(all.map((s) => s.grade))].sort((a, b) => a - b);
  const exportQuery = new URLSearchParams();
  if (students.data) exportQuery.set("year", String(students.data.year));
  if (filter.grade !== undefined) exportQuery.set("grade", String(filter.grade));
  for (const g of filter.groups ?? []) exportQuery.append("group", g);

  return (
    <>
      <h1>
        Student-level data: {name}
        {school.data ? <span className="subtitle">{school.data.district_name}</span> : null}
      </h1>
      <p>
        <RunLink to={`/schools/${code}`}>← School report</RunLink>
      </p>
      <QueryState
        pending={students.isPending}
        error={students.error}
        what="this school's student-level data"
      >
        {students.data ? (
          <>
            <p className="notice">
              Every access to this page, and every export, is recorded in the audit log.
            </p>
            <CodeLegend students={all} />
            <fieldset className="student-filters">
              <legend>Show students</legend>
              <label htmlFor={gradeId}>
                Grade{" "}
                <select
                  id={gradeId}
                  value={filter.grade === undefined ? "" : String(filter.grade)}
                  onChange={(e) =>
                    setFilter({
                      ...filter,
                      grade: e.target.value === "" ? undefined : Number(e.target.value),
                    })
                  }
                >
                  <option value="">All grades</option>
                  {grades.map((g) => (
                    <option key={g} value={g}>
                      {gradeLabel(g)}
                    </option>
                  ))}
                </select>
              </label>
              {STUDENT_FLAGS.map((flag) => {
                const checked = filter.groups?.includes(flag) ?? false;
                const count = all.filter((s) => inGroup(s, flag)).length;
                return (
                  <label key={flag} className="check">
                    <input
                      type="checkbox"
                      checked={checked}
                      data-group={flag}
                      onChange={() =>
                        setFilter({
                          ...filter,
                          groups: checked
                            ? (filter.groups ?? []).filter((g) => g !== flag)
                            : [...(filter.groups ?? []), flag],
                        })
                      }
                    />{" "}
                    {groupLabel(flag)} ({flag}, {count})
                  </label>
                );
              })}
            </fieldset>
            <p className="table-tools">
              <a
                className="button-link"
                data-download="students-export"
                href={`/api/schools/${code}/students/export?${exportQuery}`}
                download
              >
                Export these {shown.length} students (CSV)
              </a>
            </p>
            <SortableTable
              caption={`${shown.length} of ${all.length} students enrolled in ${schoolYear(students.data.year)}${filterWords(filter)}`}
              columns={COLUMNS}
              rows={shown}
              rowKey={(s) => s.student_id}
              initialSort={{ key: "id" }}
              empty="No student matches this filter."
              // Student-level rows leave only through the server's audited export above.
              download={false}
            />
          </>
        ) : null}
      </QueryState>
    </>
  );
}
