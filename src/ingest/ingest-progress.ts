/** Phases of ingesting one submission, in order. */
export type IngestPhase = "scan" | "read" | "check" | "insert" | "commit";

/**
 * A step done while validating or loading a submission: `step` of `steps` for this submission.
 * "insert" is reported after a table's rows are inserted, inside the open transaction.
 */
export interface IngestProgress {
  readonly submission: string;
  readonly phase: IngestPhase;
  readonly table?: string;
  readonly step: number;
  readonly steps: number;
}

export type OnProgress = (progress: IngestProgress) => void;
