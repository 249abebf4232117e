import { groupLabel } from "./group-label.ts";

/** English language acquisition statuses, spelled out. */
const EL_STATUS: Readonly<Record<string, string>> = {
  EO: "English only",
  IFEP: "Initially fluent English proficient",
  EL: "English learner",
  RFEP: "Reclassified fluent English proficient",
  TBD: "To be determined",
};

/** A race/ethnicity code spelled out (NR is not reported). */
export function raceLabel(code: string): string {
  return code === "NR" ? "Not reported" : groupLabel(code);
}

/** An English language acquisition status spelled out. */
export function elStatusLabel(code: string): string {
  return EL_STATUS[code] ?? code;
}
