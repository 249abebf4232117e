/**
 * The positions of the role-alike directory: people who hold the same job in different districts
 * call each other between meetings. Data, not code: add a position here and every page and the
 * API offer it. `id` is stored; `label` is shown.
 */
export const ROLE_ALIKE_POSITIONS = [
  { id: "superintendent", label: "Superintendent" },
  { id: "deputy_superintendent", label: "Deputy / assistant superintendent" },
  { id: "chief_academic_officer", label: "Chief academic officer" },
  { id: "data_lead", label: "Data lead" },
  { id: "assessment_lead", label: "Assessment lead" },
  { id: "el_director", label: "English learner director" },
  { id: "special_education_director", label: "Special education director" },
  { id: "principal_supervisor", label: "Principal supervisor" },
  { id: "principal", label: "Principal" },
  { id: "continuous_improvement_lead", label: "Continuous improvement lead" },
  { id: "attendance_lead", label: "Attendance / chronic absence lead" },
  { id: "sel_culture_climate_lead", label: "SEL / culture-climate lead" },
  { id: "hub_staff", label: "Collaborative hub staff" },
] as const;

export type RoleAlikePosition = (typeof ROLE_ALIKE_POSITIONS)[number]["id"];

/** Whether `id` is a directory position. */
export function isRoleAlikePosition(id: string): id is RoleAlikePosition {
  return ROLE_ALIKE_POSITIONS.some((p) => p.id === id);
}
