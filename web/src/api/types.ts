/**
 * Response shapes of the HTTP API as the web app reads them (see /api/docs/json). Written by
 * hand: the web app reaches the server only over HTTP.
 */

export type Role =
  | "hub_admin"
  | "district_admin"
  | "school_staff"
  | "facilitator"
  | "network_member"
  | "public";

export interface Me {
  role: Role;
  userId: number | null;
  email?: string | null;
  displayName?: string | null;
  districtCode?: string | null;
  schoolCode?: string | null;
  csrfToken?: string | null;
}

export interface Run {
  run_id: string;
  year: number;
  framework_id: string;
  framework_hash: string;
  cut_set: string;
  created_at: string;
  code_version: string;
  published: boolean;
}

export interface RunDetail {
  run: Run;
  manifest: Record<string, unknown>;
}

export type SchoolLevel = "elementary" | "middle" | "high";

export interface School {
  school_code: string;
  school_name: string;
  district_code: string;
  district_name: string;
  year: number;
  low_grade: number;
  high_grade: number;
  school_levels: SchoolLevel[];
  title_i: boolean;
  charter: boolean;
  latitude: number | null;
  longitude: number | null;
}

export type Tier = "priority" | "focus" | "partner_eligible" | "none";

export interface TierRow {
  school_code: string;
  school_level: SchoolLevel;
  tier: Tier;
  reason: string;
  exit_status: string | null;
  years_in_tier: number;
  index_score: number | null;
  /** The index uses a group result suppressed for this reader: the score is withheld (null). */
  index_score_suppressed: boolean;
  index_level: number | null;
}

export interface GroupResult {
  school_code: string;
  school_level: SchoolLevel;
  metric: string;
  student_group: string;
  n: number | null;
  numerator: number | null;
  value: number | null;
  level: number | null;
  suppressed: boolean;
  suppression_reason: string | null;
}

export interface ReportGroup {
  student_group: string;
  n: number | null;
  numerator: number | null;
  value: number | null;
  level: number | null;
  suppressed: boolean;
  suppression_reason: string | null;
}

export interface GrowthRow {
  student_group: string;
  n: number | null;
  growth_score: number | null;
  effect: number | null;
  ci_low: number | null;
  ci_high: number | null;
  level: number | null;
  suppressed: boolean;
}

export interface TrendPoint {
  year: number;
  run_id: string;
  value: number | null;
  suppressed: boolean;
}

export interface ReportMeasure {
  metric: string;
  label: string;
  direction: "higher" | "lower" | null;
  value: number | null;
  n: number | null;
  suppressed: boolean;
  level: number | null;
  band: string | null;
  change_needed: (number | null)[];
  prior_value: number | null;
  change: number | null;
  groups: ReportGroup[];
  growth: GrowthRow[] | null;
  trend: TrendPoint[];
}

export interface ReportLevel {
  school_level: SchoolLevel;
  index_score: number | null;
  /** The index uses a group result suppressed for this reader: the score is withheld (null). */
  index_score_suppressed: boolean;
  index_level: number | null;
  index_band: string | null;
  tier: Tier | null;
  reason: string | null;
  exit_status: string | null;
  measures: ReportMeasure[];
}

export interface SchoolReport {
  run: { run_id: string; year: number; framework_id: string };
  school: {
    school_code: string;
    school_name: string;
    district_code: string;
    district_name: string;
    year: number;
    school_levels: SchoolLevel[];
    title_i: boolean;
    charter: boolean;
  };
  suppressed_for_reader: boolean;
  levels: ReportLevel[];
}

export interface PairingRow {
  school_code: string;
  school_level: SchoolLevel;
  partner_code: string | null;
  cost: number | null;
  context_distance: number | null;
  context_distance_rank: number | null;
  strength_gap: number | null;
  distance_km: number | null;
  kept: boolean;
  reason: string;
}

export interface CommunityRow {
  community_id: string | null;
  school_code: string;
  school_level: SchoolLevel;
  district_code: string;
  problem: string | null;
  problem_level: number | null;
  reason: string;
}

/** A similar school (same level, nearest on student population) strong on the measure. */
export interface Peer {
  schoolCode: string;
  schoolName: string;
  districtCode: string;
  contextDistance: number;
  /** 1 = the most similar school of the level, strong or not. */
  contextRank: number;
  level: number;
  value: number | null;
  indexLevel: number | null;
  tier: string | null;
  distanceKm: number;
}

/** The answer of the peer finder: the school, the measure compared, and its peers. */
export interface PeerList {
  runId: string;
  school: { schoolCode: string; schoolName: string; schoolLevel: string; districtCode: string };
  metric: string;
  group: string;
  schoolLevelOnMetric: number | null;
  schoolValue: number | null;
  minLevel: number;
  schoolsAtLevel: number;
  peers: Peer[];
}

export interface StudentRow {
  student_id: string;
  grade: number;
  race_ethnicity: string;
  el_status: string;
  sed: boolean;
  swd: boolean;
  days_enrolled: number;
  days_absent: number;
  chronically_absent: boolean | null;
  suspended: boolean;
  ela_level: number | null;
  math_level: number | null;
}

export interface StudentList {
  school_code: string;
  year: number;
  students: StudentRow[];
}
