import { csvLine } from "./csv-text.ts";
import type { StudentRow } from "./student-list.ts";

const yesNo = (v: boolean | null) => (v === null ? null : v ? "Y" : "N");

/**
 * The columns of a school's student-level export: a header a person reads, and the field of the
 * student row (flags as Y/N, as the input files write them; a blank is unknown).
 */
const COLUMNS: readonly { header: string; value: (s: StudentRow) => unknown }[] = [
  { header: "Student ID", value: (s) => s.student_id },
  { header: "Grade", value: (s) => s.grade },
  { header: "Race/ethnicity", value: (s) => s.race_ethnicity },
  { header: "English language status", value: (s) => s.el_status },
  { header: "Socioeconomically disadvantaged", value: (s) => yesNo(s.sed) },
  { header: "Student with a disability", value: (s) => yesNo(s.swd) },
  { header: "Foster youth", value: (s) => yesNo(s.foster) },
  { header: "Homeless", value: (s) => yesNo(s.homeless) },
  { header: "Days enrolled", value: (s) => s.days_enrolled },
  { header: "Days absent", value: (s) => s.days_absent },
  { header: "Chronically absent", value: (s) => yesNo(s.chronically_absent) },
  { header: "Suspended", value: (s) => yesNo(s.suspended) },
  { header: "ELA achievement level", value: (s) => s.ela_level },
  { header: "Math achievement level", value: (s) => s.math_level },
  { header: "ELA scale score", value: (s) => s.ela_scale_score },
  { header: "Math scale score", value: (s) => s.math_scale_score },
];

/** A school's students as a CSV file (the product's CSV writer), one row per student. */
export function studentExportCsv(students: readonly StudentRow[]): string {
  let text = csvLine(COLUMNS.map((c) => c.header));
  for (const s of students) text += csvLine(COLUMNS.map((c) => c.value(s)));
  return text;
}
