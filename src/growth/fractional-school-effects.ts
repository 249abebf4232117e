import type { Framework } from "../domain/framework/framework-schema.ts";
import { exactSumSql } from "../measures/exact-sum-sql.ts";
import { sqlNumbers } from "../measures/sql-text.ts";
import { studentGroupListsSql } from "../measures/student-groups.ts";
import { factorSpd } from "../stats/matrix.ts";
import { StatsError } from "../stats/stats-error.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { GrowthWarning } from "./fit-growth-models.ts";
import { CREDITS_TABLE } from "./student-residuals.ts";

/** One school's effect from the fractional-indicator regression (subject × student group). */
export interface FractionalEffect {
  subject: string;
  school_code: string;
  student_group: string;
  effect: number;
  se: number;
  /** The step-4 slope's share of `se` (see RawGroupEffect.slope_se). */
  slope_se: number;
}

/**
 * CORE's rule for growth credited to several schools (the high-school grade): the residuals e2 of
 * the grade's students are regressed on fractional school indicators, f_is = the share of
 * student i's credit at school s (school-credit.ts: a third per year of grades 9, 10, 11, split
 * over that year's schools), so e2_i = Σ_s f_is·θ_s + ε_i and θ̂ = (F′F)⁻¹F′e2, per subject ×
 * student group. Unlike the credit-weighted mean of its students' residuals, θ̂_s does not mix in
 * the effects of the other schools its students attended: a school whose students spent grade 9
 * elsewhere is not pulled toward that school. Var(θ̂) = σ²(F′F)⁻¹ (σ² the grade's stage-1
 * residual variance), plus the step-4 slope's share Var(δ̂)·((F′F)⁻¹F′m)_s² as for every school.
 *
 * A subject × group whose F′F is singular (schools whose students all attended the same schools in
 * the same shares, which happens in small groups) keeps the credit-weighted means, with a warning.
 */
export async function fractionalSchoolEffects(
  warehouse: Warehouse,
  args: { framework: Framework; year: number; grades: readonly number[] },
): Promise<{ effects: FractionalEffect[]; warnings: GrowthWarning[] }> {
  const { framework, year, grades } = args;
  if (grades.length === 0) return { effects: [], warnings: [] };
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE growth_fractional AS
SELECT c.subject, c.district_code, c.student_id, c.school_code, c.weight, c.e2, c.sigma2, c.m_dev,
  c.slope_var, unnest(list_prepend('ALL', coalesce(m.groups, []::VARCHAR[]))) AS student_group
FROM ${CREDITS_TABLE} c
LEFT JOIN (${studentGroupListsSql(framework, year)}) m
  ON m.district_code = c.district_code AND m.student_id = c.student_id
WHERE c.grade IN ${sqlNumbers(grades)}`);
  const cross = await warehouse.all<{
    subject: string;
    student_group: string;
    s: string;
    t: string;
    ff: number;
  }>(`SELECT a.subject, a.student_group, a.school_code AS s, b.school_code AS t, ${exactSumSql("a.weight * b.weight")} AS ff
FROM growth_fractional a
JOIN growth_fractional b USING (subject, student_group, district_code, student_id)
GROUP BY ALL ORDER BY ALL`);
  const sums = await warehouse.all<{
    subject: string;
    student_group: string;
    school_code: string;
    fe: number;
    fm: number;
    sigma2: number;
    slope_var: number;
  }>(`SELECT subject, student_group, school_code, ${exactSumSql("weight * e2")} AS fe,
  ${exactSumSql("weight * m_dev")} AS fm,
  any_value(sigma2) AS sigma2, any_value(slope_var) AS slope_var
FROM growth_fractional GROUP BY ALL ORDER BY ALL`);
  await warehouse.run("DROP TABLE growth_fractional");

  const systems = new Map<string, { schools: string[]; rows: typeof sums; cross: typeof cross }>();
  const keyOf = (r: { subject: string; student_group: string }) =>
    `${r.subject}\u0000${r.student_group}`;
  for (const r of sums) {
    const system = systems.get(keyOf(r)) ?? { schools: [], rows: [], cross: [] };
    system.schools.push(r.school_code);
    system.rows.push(r);
    systems.set(keyOf(r), system);
  }
  for (const c of cross) systems.get(keyOf(c))!.cross.push(c);

  const effects: FractionalEffect[] = [];
  const warnings: GrowthWarning[] = [];
  for (const { schools, rows, cross: entries } of systems.values()) {
    const index = new Map(schools.map((s, i) => [s, i]));
    const k = schools.length;
    const ftf = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (const c of entries) ftf[index.get(c.s)!]![index.get(c.t)!] = c.ff;
    const { subject, student_group } = rows[0]!;
    let factor: ReturnType<typeof factorSpd>;
    try {
      factor = factorSpd(ftf, "F′F");
      if (factor.conditionNumber > 1e10) throw new StatsError("singular", "near-singular");
    } catch (error) {
      if (!(error instanceof StatsError)) throw error;
      warnings.push({
        subject,
        studentGroup: student_group,
        code: "near-singular",
        message: `${subject} ${student_group}: the fractional school indicators of grade ${grades.join(", ")} are collinear; credit-weighted means kept`,
      });
      continue;
    }
    const theta = factor.solve(rows.map((r) => r.fe));
    const g = factor.solve(rows.map((r) => r.fm));
    const inverse = factor.inverse();
    rows.forEach((r, i) => {
      effects.push({
        subject,
        school_code: r.school_code,
        student_group,
        effect: theta[i]!,
        se: Math.sqrt(r.sigma2 * inverse[i]![i]! + r.slope_var * g[i]! ** 2),
        slope_se: Math.sqrt(r.slope_var) * Math.abs(g[i]!),
      });
    });
  }
  return { effects, warnings };
}
