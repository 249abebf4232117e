/**
 * Every realism parameter of the synthetic network generator, in one place, with the truth it
 * plants. Units: "z" means the latent score scale, where a grade's true scale score is
 * `mean_g + sd_g × z` (GRADE_SCORE_SCALE below), so z has roughly unit variance per grade.
 *
 * The planted model (what `truth/` reports):
 * - Scores. For tested grade g in 4–8 and subject s (other subject o):
 *     z_g,s = intercept + slope_s × z_{g−1},s + cross_s × z_{g−1},o + Σ trait effects
 *             + school effect_s (the school where the student tests) + ε
 *   Grade 11 uses z_8 three years earlier and the mean effect of the high schools attended in
 *   grades 9, 10 and 11. Trait effects in the growth equation use only traits written to
 *   students.csv (SED, SWD, EL by ELPAC level, homeless, foster), as written in the tested
 *   year's row, so the growth model is correctly specified: on the true scores the
 *   within-school regression recovers the slopes.
 *   Race and continuous SES shape the starting status (grade 3 or the first year's draw), not growth.
 *   With the `contextualEffect` option (default 0), grades 4–8 also grow by κ × the school-grade
 *   intake (the mean latent prior, same subject, of the students whose home school it is): growth
 *   that depends on whom a school serves rather than on its practice (truth/growth_parameters.csv
 *   `contextual_effect`). The school effect targets of recovery stay the practice effects.
 *   Observed score = round(true + e), e ~ N(0, SEM²), SEM = sem0 × (1 + SEM_CURVATURE × z²),
 *   sem0 set so that reliability = var(true) / var(observed) ≈ TARGET_RELIABILITY, then clamped
 *   to LOSS..HOSS; the SEM written is the SD of e before the clamp. The clamp (1–4% of a grade's
 *   scores, where the SEM is largest) makes the error of scores at and near LOSS/HOSS
 *   non-classical: smaller than the SEM written and falling with the true score. The
 *   errors-in-variables correction therefore recovers the planted slopes only approximately:
 *   with both priors corrected, the same-subject slope comes out +0.023 ELA / +0.020 math above
 *   the planted one on average (60,000 students, seeds 3–14; clamped priors push it up by about
 *   0.04, clamped current scores pull it down by about 0.025), and +0.006 / +0.007 with the
 *   clamp removed. Real scale scores are clamped the same way, so the generator keeps it.
 * - Attendance. Daily absence probability: logit p = school intercept(year) + student traits +
 *   grade term + student random effect (persistent across years). Days absent ~ Binomial(days
 *   enrolled, p), sampled exactly.
 * - Suspension. Yearly probability (prorated by days enrolled): logit q = school intercept +
 *   grade term + traits + student random effect.
 */

export const GENERATOR_VERSION = "1.0.0";

/** Instructional days in a school year. */
export const INSTRUCTIONAL_DAYS = 180;
/** Instructional day (0-based) on which the spring assessment and the surveys take place. */
export const TEST_DAY = 150;
export const SURVEY_DAY = 140;

// ---------------------------------------------------------------------------------------------
// Districts and schools
// ---------------------------------------------------------------------------------------------

/**
 * Relative district sizes in order of creation: one giant (like LAUSD, half the network), several
 * 40k–120k, a couple ~10k. With 1.2M students and 10 districts: 602k, 120k, 10k, 80k, 50k, 70k,
 * 12k, 60k, 40k, 55k. Beyond 10 districts the list repeats without the giant.
 */
export const DISTRICT_WEIGHTS = [600, 120, 10, 80, 50, 70, 12, 60, 40, 55] as const;

export interface DistrictSite {
  readonly name: string;
  readonly county: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Share of students socioeconomically disadvantaged (district-wide). */
  readonly sedShare: number;
}

/** Fictional districts around California city centres (names are invented). */
export const DISTRICT_SITES: readonly DistrictSite[] = [
  {
    name: "Pacific Basin Unified",
    county: "19",
    latitude: 34.05,
    longitude: -118.25,
    sedShare: 0.8,
  },
  {
    name: "Capitol River Unified",
    county: "34",
    latitude: 38.56,
    longitude: -121.47,
    sedShare: 0.7,
  },
  {
    name: "Kings Orchard Unified",
    county: "10",
    latitude: 36.71,
    longitude: -119.55,
    sedShare: 0.75,
  },
  { name: "Harborview Unified", county: "19", latitude: 33.79, longitude: -118.16, sedShare: 0.65 },
  {
    name: "Golden Strait Unified",
    county: "38",
    latitude: 37.76,
    longitude: -122.44,
    sedShare: 0.5,
  },
  { name: "Valley Oak Unified", county: "10", latitude: 36.75, longitude: -119.78, sedShare: 0.85 },
  {
    name: "Foothill Vista Unified",
    county: "10",
    latitude: 36.83,
    longitude: -119.7,
    sedShare: 0.4,
  },
  {
    name: "Eastbay Hills Unified",
    county: "01",
    latitude: 37.8,
    longitude: -122.23,
    sedShare: 0.72,
  },
  {
    name: "Citrus Grove Unified",
    county: "30",
    latitude: 33.74,
    longitude: -117.87,
    sedShare: 0.85,
  },
  {
    name: "Garden Plain Unified",
    county: "30",
    latitude: 33.78,
    longitude: -117.96,
    sedShare: 0.68,
  },
];

/** Cohort (students per grade) of an ordinary elementary attendance area: school 330–690. */
export const AREA_COHORT = { min: 55, max: 115 } as const;
/** Share of tiny (rural or alternative) elementary areas, cohort 5–14: schools under 100. */
export const TINY_AREA_SHARE = 0.03;
export const TINY_AREA_COHORT = { min: 5, max: 14 } as const;
/** Middle school cohort target (school 510–1,140) and high school cohort target (880–2,400). */
export const MIDDLE_COHORT = { min: 170, max: 380 } as const;
export const HIGH_COHORT = { min: 220, max: 600 } as const;
/** Share of elementary areas whose school is a K-8 ("elementary;middle"). */
export const K8_SHARE = 0.08;
/** Share of single-middle high school trees merged into a 6-12 school ("middle;high"). */
export const SPAN_6_12_SHARE = 0.12;
/** One continuation high school per this many regular high schools (at least one from 2). */
export const HIGH_SCHOOLS_PER_CONTINUATION = 4;
/** Yearly probability that a grade 10–12 student is placed in a continuation school (× risk). */
export const CONTINUATION_PLACEMENT = 0.006;
/** Charter schools as a share of regular schools; their span mix and sizes. */
export const CHARTER_SHARE = 0.07;
export const CHARTER_TYPES = [
  { low: 0, high: 5, weight: 0.4, size: { min: 200, max: 500 } },
  { low: 6, high: 8, weight: 0.2, size: { min: 250, max: 600 } },
  { low: 9, high: 12, weight: 0.25, size: { min: 300, max: 900 } },
  { low: 0, high: 8, weight: 0.15, size: { min: 300, max: 700 } },
] as const;
/** Title I: the poorest ~60% of schools (by expected SED share). */
export const TITLE_I_SHARE = 0.6;
/** Schools scattered within this radius (km) of the district centre: 15 km to 40 km by size. */
export const RADIUS_KM = { min: 15, max: 40 } as const;
/** Staff per student by level, plus a fixed base. */
export const STAFF_RATIO = { elementary: 1 / 11, middle: 1 / 13, high: 1 / 14, base: 6 } as const;

// ---------------------------------------------------------------------------------------------
// Students
// ---------------------------------------------------------------------------------------------

/** Race codes in the order used by the generator's arrays (RACE_CODES). */
export const RACE_ORDER = ["AA", "AI", "AS", "FI", "HI", "PI", "WH", "MR", "NR"] as const;
/** Network-wide race mix and how each group's share tilts with area SES (log-share per SES SD). */
export const RACE_MIX = [0.08, 0.005, 0.11, 0.03, 0.55, 0.005, 0.18, 0.03, 0.01] as const;
export const RACE_SES_TILT = [-0.6, -0.3, 0.5, 0.2, -0.5, -0.2, 0.9, 0.4, 0] as const;
/** Student SES shift by race (SES SD units), on top of the area's SES. */
export const RACE_SES_SHIFT = [-0.35, -0.3, 0.25, 0.1, -0.3, -0.2, 0.35, 0.15, 0] as const;
/** Segregation: SD of area mean SES, of the area's log race shares, and of student SES within area. */
export const AREA_SES_SD = 0.75;
export const AREA_RACE_SD = 0.6;
export const STUDENT_SES_SD = 0.65;

export const GENDER_SHARES = { F: 0.488, M: 0.507, X: 0.005 } as const;

/** Probability of being EL at kindergarten entry by race (× area EL factor); IFEP and TBD. */
export const EL_AT_ENTRY = [0.03, 0.05, 0.3, 0.15, 0.45, 0.15, 0.03, 0.05, 0.05] as const;
export const AREA_EL_SD = 0.5;
export const IFEP_SHARE = 0.06;
/** New entrants above kindergarten: EL more likely (newcomers), and a few TBD in their first year. */
export const NEWCOMER_EL_FACTOR = 1.3;
export const TBD_SHARE_OF_NEW = 0.01;
/** ELPAC level at entry (1..4) and yearly level change. */
export const ELPAC_AT_ENTRY = [0.3, 0.4, 0.25, 0.05] as const;
export const ELPAC_UP = 0.35;
export const ELPAC_DOWN = 0.04;
/** Yearly reclassification probability by ELPAC level 1..4 (grade ≥ 1): ~15% of ELs a year. */
export const RECLASSIFY_BY_LEVEL = [0.01, 0.05, 0.2, 0.45] as const;

/** Disability: share with an IEP (× 1.5 for males, ÷ 1.6 for females) and the category mix. */
export const SWD_SHARE = 0.12;
export const DISABILITY_MIX: readonly (readonly [string, number])[] = [
  ["SLD", 0.37],
  ["SLI", 0.19],
  ["OHI", 0.15],
  ["AUT", 0.15],
  ["ID", 0.05],
  ["ED", 0.03],
  ["MD", 0.015],
  ["HH", 0.012],
  ["OI", 0.01],
  ["EMD", 0.008],
  ["VI", 0.005],
  ["TBI", 0.003],
  ["DEAF", 0.005],
  ["DB", 0.002],
];

/** Foster care: yearly entry probability (× 3 when SED), staying probability. ~0.5% overall. */
export const FOSTER_ENTRY = 0.001;
export const FOSTER_STAY = 0.6;
/** Homelessness: base yearly probability × the area's homeless factor (lognormal), staying. ~3%. */
export const HOMELESS_BASE = 0.018;
export const AREA_HOMELESS_SD = 0.9;
export const HOMELESS_STAY = 0.5;

// ---------------------------------------------------------------------------------------------
// Flows
// ---------------------------------------------------------------------------------------------

/** Mid-year: leave the district (some reappear in another district next year), or move area. */
export const MIDYEAR_EXIT = 0.025;
export const MIDYEAR_MOVE = 0.06;
export const EXIT_REAPPEARS_ELSEWHERE = 0.35;
/** Summer: leave the system, move area within the district, move to another district. */
export const SUMMER_LEAVE = 0.015;
export const SUMMER_MOVE_AREA = 0.04;
export const SUMMER_MOVE_DISTRICT = 0.006;
/** Retention (repeat the grade): K–8 and grade 9. */
export const RETAIN_K8 = 0.01;
export const RETAIN_9 = 0.03;
/** Arrivals: summer in-migrants and mid-year entrants, as shares of the district's population. */
export const SUMMER_ARRIVALS = 0.025;
export const MIDYEAR_ARRIVALS = 0.02;
/** Share of mid-year entrants arriving in the last 30 instructional days (enrolled < 31 days). */
export const LATE_ARRIVAL_SHARE = 0.15;

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

/**
 * Nominal SD of true scale scores by subject and grade, and the mean offset from the Level 3 cut in
 * SD units (ELA ~45% met, math ~33% met).
 */
export const GRADE_SCORE_SD = {
  ELA: { 3: 88, 4: 92, 5: 95, 6: 97, 7: 100, 8: 102, 11: 110 },
  MATH: { 3: 82, 4: 88, 5: 95, 6: 105, 7: 112, 8: 118, 11: 125 },
} as const;
export const MEAN_OFFSET_SD = { ELA: -0.12, MATH: -0.4 } as const;

/** Growth equation on the z scale (grades 4–8: one year; grade 11: from grade 8, three years). */
export const GROWTH = {
  ELA: { slope: 0.72, cross: 0.14, slope11: 0.7, cross11: 0.12 },
  MATH: { slope: 0.75, cross: 0.12, slope11: 0.72, cross11: 0.1 },
} as const;
/** Correlation of the ELA and math growth noise; noise SD is set to keep var(z) ≈ 1. */
export const NOISE_CORRELATION = 0.45;
export const NOISE_SD = 0.47;
export const NOISE_SD_11 = 0.55;
/** Trait effects in the growth equation (z per year; grade 11 × 1.5 for its three years). */
export const GROWTH_TRAITS = {
  sed: -0.05,
  swd: -0.1,
  el: [-0.1, -0.06, -0.03, 0] as readonly number[],
  homeless: -0.04,
  foster: -0.05,
} as const;
/** Growth intercept keeping the mean of z near 0 (offsets the mean trait effect). */
export const GROWTH_INTERCEPT = 0.045;
/**
 * School growth effect (z units): SD and ELA–math correlation; independent of intake. What a growth
 * model can recover of it is relative: scores are standardized per grade, so a school's effect is
 * measured against the students of the same grade in the network (the mean effect of the schools
 * serving grade 6 is not identifiable apart from the grade's growth), and a school serving two
 * levels has one estimate per level. Compare estimates with truth/school_growth_effects_by_grade.csv
 * centred per grade over the students credited (test/growth/recovery-suite.ts), not with one
 * network-wide centring of school_growth_effects.csv: on the seed-21 40,000-student network the
 * latter makes 95% intervals look like 78.5% (ELA) / 84.6% (math) coverage where they cover 90.8% /
 * 98.5% of the identifiable effects.
 */
export const SCHOOL_EFFECT_SD = 0.15;
export const SCHOOL_EFFECT_CORRELATION = 0.6;
/** Starting status (grade 3 or first-year draw): SES and trait gaps (z), noise SD, ELA–math corr. */
export const STATUS = {
  ses: 0.3,
  sed: -0.2,
  swd: -0.85,
  el: [-1.1, -0.75, -0.4, -0.15] as readonly number[],
  rfep: 0.05,
  centre: 0.32,
  noiseSd: 0.8,
  correlation: 0.75,
} as const;
/** Measurement error: SEM curvature in z², and target reliabilities. */
export const SEM_CURVATURE = 0.15;
export const TARGET_RELIABILITY = { ELA: 0.88, MATH: 0.9 } as const;
/** Share of enrolled students in a tested grade with no score (absent). */
export const TEST_ABSENT = 0.03;

// ---------------------------------------------------------------------------------------------
// Attendance and discipline
// ---------------------------------------------------------------------------------------------

export const ABSENCE = {
  base: -3.35,
  schoolSd: 0.35,
  areaSes: -0.22,
  yearSd: 0.08,
  studentSd: 0.8,
  sed: 0.25,
  homeless: 0.55,
  foster: 0.45,
  swd: 0.2,
  /** By grade 0..12. */
  grade: [0.25, 0.05, 0, 0, 0, 0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.55] as readonly number[],
} as const;

export const SUSPENSION = {
  base: -4.25,
  schoolSd: 0.45,
  areaSes: -0.2,
  studentSd: 0.7,
  sed: 0.35,
  swd: 0.6,
  foster: 0.9,
  homeless: 0.3,
  male: 0.6,
  grade: [
    -1.6, -1.4, -1.1, -0.8, -0.5, -0.3, 0.6, 0.8, 0.8, 0.7, 0.5, 0.3, 0.1,
  ] as readonly number[],
  /** Extra actions: geometric with this continuation probability. */
  repeat: 0.35,
  /** ISS / OSS / EXP shares. */
  actions: [0.3, 0.695, 0.005] as readonly number[],
} as const;

// ---------------------------------------------------------------------------------------------
// Marks, graduation, surveys
// ---------------------------------------------------------------------------------------------

/** Course mark latent (GPA points) = base + ach × achievement z − absence × absence rate + noise. */
export const MARKS_MODEL = { base: 2.75, ach: 0.65, absence: 6, studentSd: 0.45, courseSd: 0.55 };

/** Four-year cohort: exits (TRO, EMI, DEC), then GRD by logit, then non-graduates' outcomes. */
export const COHORT_EXIT = { TRO: 0.025, EMI: 0.005, DEC: 0.0007 } as const;
export const GRADUATION = {
  base: 3.0,
  schoolSd: 0.45,
  ach: 0.55,
  absence: -6,
  sed: -0.2,
  swd: -0.5,
  el: -0.4,
  foster: -0.8,
  homeless: -0.5,
} as const;
export const NON_GRADUATE = { DRP: 0.55, CON: 0.38, CHS: 0.07 } as const;

/** Survey participation (uniform ranges per school and year) and skipped-item rate. */
export const PARTICIPATION = {
  student: { min: 0.42, max: 0.95 },
  staff: { min: 0.35, max: 0.95 },
  parent: { min: 0.1, max: 0.6 },
} as const;
export const SKIP_RATE = 0.05;
/** Answer = round(3.3 + loadings × latents + noise), 1..5; school climate SD; SEL ~ achievement. */
export const SURVEY = {
  centre: 3.4,
  schoolClimateSd: 0.35,
  respondentSd: 0.6,
  itemNoiseSd: 0.75,
  selAchievement: 0.35,
} as const;
/** Share of student SEL respondents whose student_id link is filled (confidential survey). */
export const SEL_LINK_SHARE = 0.98;
