const LABELS: Readonly<Record<string, string>> = {
  ALL: "All students",
  AA: "African American",
  AI: "American Indian or Alaska Native",
  AS: "Asian",
  FI: "Filipino",
  HI: "Hispanic or Latino",
  PI: "Pacific Islander",
  WH: "White",
  MR: "Two or more races",
  EL: "English learners",
  RFEP: "Reclassified fluent English proficient",
  SED: "Socioeconomically disadvantaged",
  SWD: "Students with disabilities",
  FOS: "Foster youth",
  HOM: "Homeless",
};

/** A student group's name as a table shows it ("Students with disabilities"). */
export function groupLabel(group: string): string {
  return LABELS[group] ?? group;
}

const ORDER = Object.keys(LABELS);

/** Where a group goes in a list: All students first, then the reporting groups' usual order. */
export function groupOrder(group: string): number {
  const at = ORDER.indexOf(group);
  return at === -1 ? ORDER.length : at;
}
