import type { GrowthModelSettings } from "../domain/framework/growth-model-settings.ts";
import { tauSquaredDerSimonianLaird, tauSquaredReml } from "../stats/between-variance.ts";
import { shrinkEffects } from "../stats/empirical-bayes.ts";
import { inverseNormalCdf, normalCdf } from "../stats/normal.ts";
import { shrinkOverOmega } from "../stats/shrink-over-omega.ts";
import type { GrowthWarning } from "./fit-growth-models.ts";

/** One school × level × subject × group's raw aggregate of its students' e2 (from SQL). */
export interface RawGroupEffect {
  subject: string;
  school_code: string;
  /** The level whose grades the students were credited in (each level of a spanning school is a unit). */
  school_level: string;
  student_group: string;
  /** Distinct students credited. */
  n: number;
  /** Σ credit weights (n for grades 4–8; grade-11 students count their share). */
  weight: number;
  /** Σw·e2 / Σw. */
  effect: number;
  /** √(Σw²σ²_grade + slope term) / Σw (σ/√n with unit weights, plus the step-4 slope's error). */
  se: number;
  /**
   * The part of `se` from the step-4 slope's sampling error: √Var(δ̂)·|Σw·(m − m̄)| / Σw. It is one
   * error shared by every school (δ̂ − δ moves each by its m̄), not independent between schools.
   */
  slope_se: number;
}

/** A school × level × subject × group result, ready for `growth_results`. */
export interface GrowthResult extends RawGroupEffect {
  effect_shrunk: number;
  se_shrunk: number;
  ci_low: number;
  ci_high: number;
  reliability: number;
  growth_score: number;
  level: number;
  suppressed: boolean;
}

/** The shrinkage and score scale of one subject × group. */
export interface GrowthScale {
  subject: string;
  student_group: string;
  schools: number;
  centre: number;
  group_mean: number;
  omega: number;
  score_mean: number;
  score_sd: number;
  warnings: GrowthWarning[];
}

/** Level 1–10 of a growth score 0–100: deciles (0–9.99 → 1, …, 90–100 → 10). */
export function growthLevel(score: number): number {
  return Math.min(10, Math.max(1, Math.floor(score / 10) + 1));
}

/**
 * Steps 5–8 on the per-school × level aggregates of one subject (each a unit of its own): centre the raw effects on the ALL
 * group's n-weighted mean (the same constant for every group, so groups stay on the schools'
 * scale); per group, estimate ω across schools (framework estimator) and shrink each school
 * toward the group's n-weighted mean (0 for ALL); growth score = 100·Φ((shrunk − mean)/sd) with
 * the mean and sd of the ALL group's shrunk effects over schools with n ≥ min n (or, with
 * `student_sd`, mean 0 and the student residual SD); level = decile; interval per the framework.
 */
export function schoolEffects(
  raw: readonly RawGroupEffect[],
  args: { subject: string; minN: number; settings: GrowthModelSettings; studentSd: number },
): { results: GrowthResult[]; scales: GrowthScale[] } {
  const { subject, minN, settings, studentSd } = args;
  const rows = raw.filter((r) => r.subject === subject && r.weight > 0);
  const byGroup = new Map<string, RawGroupEffect[]>();
  for (const r of rows) {
    const list = byGroup.get(r.student_group) ?? [];
    list.push(r);
    byGroup.set(r.student_group, list);
  }
  const all = byGroup.get("ALL") ?? [];
  if (all.length === 0) return { results: [], scales: [] };
  let sumW = 0;
  let sumWE = 0;
  for (const r of all) {
    sumW += r.weight;
    sumWE += r.weight * r.effect;
  }
  const centre = sumWE / sumW;
  const z = inverseNormalCdf(1 - (1 - settings.interval.level) / 2);

  const shrunkByGroup = new Map<
    string,
    {
      units: RawGroupEffect[];
      /** `posteriorSd`: the posterior SD over ω (`hierarchical` only; else the plug-in interval). */
      shrunk: { effect: number; reliability: number; posteriorSd?: number }[];
      scale: Omit<GrowthScale, "score_mean" | "score_sd">;
    }
  >();
  for (const [group, units] of [
    ["ALL", all] as const,
    ...[...byGroup].filter(([g]) => g !== "ALL"),
  ]) {
    // ω and the shrinkage use each unit's independent error only: the slope error is one draw
    // shared by all units, so subtracting its variance from every unit's spread (as if each had
    // drawn its own) deflates ω̂ (to 0 on small networks, where Var(δ̂) is large) and shrinks every
    // school to the mean. It is added back to the interval below.
    const centred = units.map((u) => ({
      effect: u.effect - centre,
      se: Math.sqrt(Math.max(0, u.se * u.se - u.slope_se * u.slope_se)),
      n: u.weight,
    }));
    const warnings: GrowthWarning[] = [];
    const omega = estimateOmega(centred, settings.shrinkage, warnings, subject, group);
    const shrinkage = shrinkEffects(centred, omega === undefined ? {} : { omega });
    const overOmega =
      settings.shrinkage === "hierarchical" && centred.length >= 2
        ? shrinkOverOmega(
            centred.map((u, i) => ({
              effect: u.effect - shrinkage.mean,
              se: Math.max(u.se, Number.MIN_VALUE),
              shared: units[i]!.slope_se,
            })),
          )
        : undefined;
    warnings.push(
      ...shrinkage.warnings.map((w) => ({
        subject,
        studentGroup: group,
        code: w.code,
        message: w.message,
      })),
    );
    shrunkByGroup.set(group, {
      units,
      shrunk: overOmega
        ? overOmega.effects.map((e) => ({
            effect: e.effect + shrinkage.mean,
            reliability: e.reliability,
            posteriorSd: e.sd,
          }))
        : shrinkage.effects.map((e) => ({
            effect: e.effect + shrinkage.mean,
            reliability: e.reliability,
          })),
      scale: {
        subject,
        student_group: group,
        schools: units.length,
        centre,
        group_mean: shrinkage.mean,
        omega: overOmega ? overOmega.omega : shrinkage.omega,
        warnings,
      },
    });
  }

  const allShrunk = shrunkByGroup.get("ALL")!;
  let scoreMean = 0;
  let scoreSd = studentSd;
  if (settings.score_scale === "school_sd") {
    const reported = allShrunk.shrunk.filter((_, i) => allShrunk.units[i]!.n >= minN);
    const basis = reported.length >= 2 ? reported : allShrunk.shrunk;
    scoreMean = basis.reduce((a, s) => a + s.effect, 0) / basis.length;
    scoreSd =
      basis.length >= 2
        ? Math.sqrt(basis.reduce((a, s) => a + (s.effect - scoreMean) ** 2, 0) / (basis.length - 1))
        : 0;
  }
  const score = (effect: number): number =>
    scoreSd > 0 ? 100 * normalCdf((effect - scoreMean) / scoreSd) : 50;

  const results: GrowthResult[] = [];
  const scales: GrowthScale[] = [];
  for (const { units, shrunk, scale } of shrunkByGroup.values()) {
    scales.push({ ...scale, score_mean: scoreMean, score_sd: scoreSd });
    units.forEach((u, i) => {
      const s = shrunk[i]!;
      // The exported se_shrunk is the standard error the interval is built from (issue #14.5).
      const seShrunk =
        settings.interval.kind === "posterior"
          ? (s.posteriorSd ??
            Math.sqrt(
              s.reliability * (u.se * u.se - u.slope_se * u.slope_se) +
                (s.reliability * u.slope_se) ** 2,
            ))
          : u.se * s.reliability;
      const half = z * seShrunk;
      const growthScore = score(s.effect);
      results.push({
        ...u,
        effect: u.effect - centre,
        effect_shrunk: s.effect,
        se_shrunk: seShrunk,
        ci_low: s.effect - half,
        ci_high: s.effect + half,
        reliability: s.reliability,
        growth_score: growthScore,
        level: growthLevel(growthScore),
        suppressed: u.n < minN,
      });
    });
  }
  return { results, scales };
}

function estimateOmega(
  centred: readonly { effect: number; se: number; n: number }[],
  estimator: GrowthModelSettings["shrinkage"],
  warnings: GrowthWarning[],
  subject: string,
  group: string,
): number | undefined {
  // `hierarchical` shrinks over the posterior of ω (shrinkOverOmega); the plug-in run beside it
  // only supplies the group mean.
  if (estimator === "weighted_moments" || estimator === "hierarchical") return undefined;
  const effects = centred
    .filter((u) => u.se > 0)
    .map((u) => ({ effect: u.effect, variance: u.se * u.se }));
  if (effects.length < 2) return undefined;
  const estimate =
    estimator === "reml" ? tauSquaredReml(effects) : tauSquaredDerSimonianLaird(effects);
  warnings.push(
    ...estimate.warnings.map((w) => ({
      subject,
      studentGroup: group,
      code: w.code,
      message: w.message,
    })),
  );
  return estimate.tauSquared;
}
