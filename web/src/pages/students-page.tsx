import { useParams } from "react-router-dom";
import { useStudents } from "../api/queries.ts";
import type { StudentRow } from "../api/types.ts";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { elStatusLabel, raceLabel } from "../format/code-label.ts";

/** A code with its meaning on hover (the legend above the table spells each one out). */
function Code({ code, label }: { code: string; label: (code: string) => string }) {
  return <abbr title={label(code)}>{code}</abbr>;
}

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
    </dl>
  );
}

const yesNo = (v: boolean | null) => (v === null ? "—" : v ? "yes" : "no");

const COLUMNS: readonly Column<StudentRow>[] = [
  { key: "id", header: "Student", render: (s) => s.student_id, sortValue: (s) => s.student_id },
  {
    key: "grade",
    header: "Grade",
    numeric: true,
    render: (s) => s.grade,
    sortValue: (s) => s.grade,
  },
  {
    key: "race",
    header: "Race/ethnicity",
    render: (s) => <Code code={s.race_ethnicity} label={raceLabel} />,
    sortValue: (s) => s.race_ethnicity,
  },
  {
    key: "el",
    header: "English status",
    render: (s) => <Code code={s.el_status} label={elStatusLabel} />,
    sortValue: (s) => s.el_status,
  },
  {
    key: "absent",
    header: "Days absent / enrolled",
    numeric: true,
    render: (s) => `${s.days_absent} / ${s.days_enrolled}`,
    sortValue: (s) => s.days_absent / Math.max(1, s.days_enrolled),
  },
  {
    key: "chronic",
    header: "Chronically absent",
    render: (s) => yesNo(s.chronically_absent),
    sortValue: (s) => (s.chronically_absent ? 1 : 0),
  },
  {
    key: "suspended",
    header: "Suspended",
    render: (s) => yesNo(s.suspended),
    sortValue: (s) => (s.suspended ? 1 : 0),
  },
  {
    key: "ela",
    header: "ELA level",
    numeric: true,
    render: (s) => s.ela_level ?? "—",
    sortValue: (s) => s.ela_level,
  },
  {
    key: "math",
    header: "Math level",
    numeric: true,
    render: (s) => s.math_level ?? "—",
    sortValue: (s) => s.math_level,
  },
];

/**
 * A school's student-level rows. The server decides who may read them (the school's district,
 * and that school for school staff) and audits every request; a refusal is shown as a denial.
 */
export function StudentsPage() {
  const { code = "" } = useParams();
  const students = useStudents(code);
  useDocumentTitle(`Student-level data, school ${code}`);
  return (
    <>
      <h1>Student-level data, school {code}</h1>
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
            <p className="notice">Every access to this page is recorded in the audit log.</p>
            <CodeLegend students={students.data.students} />
            <SortableTable
              caption={`${students.data.students.length} students enrolled in ${students.data.year - 1}–${students.data.year}`}
              columns={COLUMNS}
              rows={students.data.students}
              rowKey={(s) => s.student_id}
              initialSort={{ key: "id" }}
            />
          </>
        ) : null}
      </QueryState>
    </>
  );
}
