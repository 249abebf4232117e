/**
 * Response shapes of the HTTP API as the web app reads them (see /api/docs/json). The result
 * shapes are derived (json-schema-to-ts, types only: nothing of the server is bundled) from the
 * JSON schemas the server validates its responses with, declared once in `src/results/`; a change
 * to a response shows up here as a type error, not as a page that silently reads a missing field.
 */

import type { FromSchema } from "json-schema-to-ts";
import type { GROUP_RESULT } from "../../../src/results/api-schemas.ts";
import type { COMMUNITY_ROW, PAIRING_ROW } from "../../../src/results/pairing-schema.ts";
import type { PEER_LIST } from "../../../src/results/peer-schema.ts";
import type { SCHOOL_REPORT } from "../../../src/results/school-report-schema.ts";
import type { SCHOOL } from "../../../src/results/school-schema.ts";

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

/** A school of the directory (`GET /api/schools/:school`). */
export type School = FromSchema<typeof SCHOOL>;

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

/** One student group's result on a measure (`GET /api/runs/:run/measures/:metric`). */
export type GroupResult = FromSchema<typeof GROUP_RESULT>;

/** A school's report for one run (`GET /api/runs/:run/schools/:school/report`). */
export type SchoolReport = FromSchema<typeof SCHOOL_REPORT>;
export type ReportLevel = SchoolReport["levels"][number];
export type ReportMeasure = ReportLevel["measures"][number];
export type ReportGroup = ReportMeasure["groups"][number];
export type GrowthRow = NonNullable<ReportMeasure["growth"]>[number];
export type TrendPoint = ReportMeasure["trend"][number];

/** A priority school's partner as it stands (`GET /api/runs/:run/pairings`). */
export type PairingRow = FromSchema<typeof PAIRING_ROW>;

/** A focus school's community of practice as it stands (`GET /api/runs/:run/communities`). */
export type CommunityRow = FromSchema<typeof COMMUNITY_ROW>;

/** The answer of the peer finder: the school, the measure compared, and its peers. */
export type PeerList = FromSchema<typeof PEER_LIST>;
/** A similar school (same level, nearest on student population) strong on the measure. */
export type Peer = PeerList["peers"][number];

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
