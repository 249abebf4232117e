/**
 * Which of a school's students a list shows or an export holds: one grade (all when absent) and
 * the groups a student must all belong to. One definition for the student page (web) and the
 * server's export, so the file holds the rows the page shows. No imports: the web app bundles it.
 */
export interface StudentFilter {
  readonly grade?: number | undefined;
  readonly groups?: readonly StudentFlag[] | undefined;
}

/** The student groups a list can be narrowed to, by their reporting codes. */
export const STUDENT_FLAGS = ["EL", "RFEP", "SED", "SWD", "FOS", "HOM"] as const;
export type StudentFlag = (typeof STUDENT_FLAGS)[number];

/** What a filter reads of a student. */
export interface FlaggedStudent {
  readonly grade: number;
  readonly el_status: string;
  readonly sed: boolean;
  readonly swd: boolean;
  readonly foster: boolean;
  readonly homeless: boolean;
}

/** Whether a student belongs to a group (as the measures count it: src/measures/student-groups.ts). */
export function inGroup(student: FlaggedStudent, flag: StudentFlag): boolean {
  switch (flag) {
    case "EL":
      return student.el_status === "EL";
    case "RFEP":
      return student.el_status === "RFEP";
    case "SED":
      return student.sed;
    case "SWD":
      return student.swd;
    case "FOS":
      return student.foster;
    case "HOM":
      return student.homeless;
  }
}

/** The students the filter keeps, in their order. */
export function filterStudents<S extends FlaggedStudent>(
  students: readonly S[],
  filter: StudentFilter,
): S[] {
  const groups = filter.groups ?? [];
  return students.filter(
    (s) =>
      (filter.grade === undefined || s.grade === filter.grade) &&
      groups.every((g) => inGroup(s, g)),
  );
}
