import { LOWEST_RACE_GROUP } from "../domain/framework/policy-settings.ts";

const LABELS: Readonly<Record<string, string>> = {
  ALL: "all students",
  AA: "African American students",
  AI: "American Indian or Alaska Native students",
  AS: "Asian students",
  FI: "Filipino students",
  HI: "Hispanic or Latino students",
  PI: "Pacific Islander students",
  WH: "White students",
  MR: "students of two or more races",
  EL: "English learners",
  RFEP: "reclassified fluent English proficient students",
  SED: "socioeconomically disadvantaged students",
  SWD: "students with disabilities",
  FOS: "foster youth",
  HOM: "homeless students",
  [LOWEST_RACE_GROUP]: "the lowest-performing racial/ethnic group",
};

/** A student group's name in words a principal reads ("students with disabilities"). */
export function groupLabel(group: string): string {
  return LABELS[group] ?? group;
}
