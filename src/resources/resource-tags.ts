/**
 * The words a shared resource is described with: its kind, and the grades and subjects it is for
 * (measures and student groups are the framework's own ids). Declared once for the API, the
 * validation, the search text and the pages.
 */

/** What a resource is, with the label people read. */
export const RESOURCE_KINDS = {
  assessment_module: "Assessment module",
  protocol: "Protocol",
  change_package: "Change package",
  meeting_template: "Meeting template",
  data_tool: "Data tool",
  other: "Other",
} as const;
export type ResourceKind = keyof typeof RESOURCE_KINDS;
export const RESOURCE_KIND_IDS = Object.keys(RESOURCE_KINDS) as ResourceKind[];

/** Grades, transitional kindergarten to 12. */
export const RESOURCE_GRADES = [
  "TK",
  "K",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "10",
  "11",
  "12",
] as const;

/** Subjects, with their labels. */
export const RESOURCE_SUBJECTS = {
  ela: "English language arts",
  math: "Mathematics",
  science: "Science",
  history: "History–social science",
  eld: "English language development",
  attendance: "Attendance",
  sel: "Social-emotional learning",
  climate: "Culture and climate",
  improvement: "Continuous improvement",
} as const;
export type ResourceSubject = keyof typeof RESOURCE_SUBJECTS;
export const RESOURCE_SUBJECT_IDS = Object.keys(RESOURCE_SUBJECTS) as ResourceSubject[];

/** How a list of resources is ordered. `relevance` without words is `newest`. */
export const RESOURCE_SORTS = ["relevance", "newest", "downloads", "rating"] as const;
export type ResourceSort = (typeof RESOURCE_SORTS)[number];

/** A resource's tags. */
export interface ResourceTags {
  readonly grades: readonly string[];
  readonly subjects: readonly string[];
  /** The framework's measure ids. */
  readonly measures: readonly string[];
  /** The framework's student-group ids. */
  readonly studentGroups: readonly string[];
}
