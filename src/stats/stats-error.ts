/** Why a statistics routine refused its input. */
export type StatsErrorCode =
  | "dimension-mismatch"
  | "not-positive-definite"
  | "singular"
  | "invalid-value"
  | "too-few-observations";

/**
 * A statistics routine was given input it cannot work with. The message names the bad value,
 * e.g. `matrix row 3 has 4 entries, expected 5`.
 */
export class StatsError extends Error {
  readonly code: StatsErrorCode;

  constructor(code: StatsErrorCode, message: string) {
    super(message);
    this.name = "StatsError";
    this.code = code;
  }
}
