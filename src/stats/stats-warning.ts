/**
 * A result was computed but deserves caution (near-singular system, a correction that had to be
 * modified, a variance truncated at zero…). Routines return these in a `warnings` array instead of
 * printing them, so callers can log them and tests can read them.
 */
export interface StatsWarning {
  code:
    | "near-singular"
    | "eiv-not-positive-definite"
    | "eiv-fuller-modification"
    | "eiv-fallback-naive"
    | "ridge-added"
    | "variance-truncated"
    | "not-converged"
    | "constant-feature";
  message: string;
}
