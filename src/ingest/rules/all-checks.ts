import type { CheckContext, SqlCheck } from "../sql-check.ts";
import { assessmentChecks } from "./assessment-rules.ts";
import { attendancePeriodChecks } from "./attendance-period-rules.ts";
import { consistencyChecks } from "./consistency-rules.ts";
import { crossYearChecks } from "./cross-year-rules.ts";
import { districtChecks } from "./district-codes.ts";
import { duplicateKeyChecks } from "./duplicate-keys.ts";
import { enrollmentChecks } from "./enrollment-rules.ts";
import { referenceChecks } from "./references.ts";
import { schoolYearChecks } from "./school-year-dates.ts";
import { studentChecks } from "./student-rules.ts";
import { surveyChecks } from "./survey-rules.ts";

/**
 * Every row-level rule beyond the per-column checks of the TableSpecs, in the order they are
 * reported. Cross-year checks read the warehouse's own tables (other years).
 */
export function allChecks(ctx: CheckContext): SqlCheck[] {
  return [
    ...duplicateKeyChecks(),
    ...referenceChecks(),
    ...districtChecks(ctx),
    ...schoolYearChecks(ctx),
    ...enrollmentChecks(ctx),
    ...attendancePeriodChecks(),
    ...assessmentChecks(),
    ...studentChecks(),
    ...consistencyChecks(ctx),
    ...surveyChecks(),
    ...crossYearChecks(ctx),
  ];
}
