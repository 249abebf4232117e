import type { MembershipStatus } from "../collaborative/membership.ts";
import type { CutPointGap } from "../levels/cut-point-gaps.ts";

/** An input submission a run read: from the `submissions` table. */
export interface ManifestInput {
  readonly submission_id: string;
  readonly district_code: string;
  readonly year: number;
  readonly sha256: string;
}

/**
 * What went into a run and what came out, stored as JSON in `runs.manifest` and exported as
 * manifest.json: enough to tell whether two runs should agree (same framework hash, inputs and
 * code version) and where the time went.
 */
export interface RunManifest {
  readonly run_id: string;
  readonly year: number;
  readonly created_at: string;
  readonly code_version: string;
  readonly framework: {
    readonly id: string;
    readonly name: string;
    readonly version: number;
    readonly sha256: string;
  };
  readonly cut_set: {
    readonly name: string;
    readonly baseline_year: number;
    readonly created_from_run: string;
    readonly created_by_this_run: boolean;
  };
  /**
   * Metric × school levels whose cut points in the set are missing (no level, not in the index),
   * thin (fewer schools than the framework minimum) or frozen from a later year than the
   * baseline; each is also a warning.
   */
  readonly cut_point_gaps: readonly CutPointGap[];
  /** The latest complete run of year − 1 with the same framework, read for tier exits. */
  readonly prior_run: string | null;
  readonly inputs: readonly ManifestInput[];
  readonly timings_ms: Readonly<Record<string, number>>;
  readonly row_counts: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
  /**
   * The membership the run honoured (district code → status and opt-in) and where it came from;
   * absent or null when none was given (every district a member).
   */
  readonly membership?: {
    readonly source: string;
    readonly districts: readonly {
      readonly district_code: string;
      readonly status: MembershipStatus;
      readonly opted_in: boolean;
    }[];
  } | null;
}
