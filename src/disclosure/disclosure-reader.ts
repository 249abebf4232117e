import type { Framework } from "../domain/framework/framework-schema.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { RunCells, WithheldIndexes } from "./run-decisions.ts";

/**
 * What the disclosure pass reads a run's facts through: the warehouse, the framework and, per
 * run, the decisions already taken (runs are immutable, so each is decided once per process and
 * kept). The server's context is one; `collab export` builds its own.
 */
export interface DisclosureReader {
  readonly warehouse: Warehouse;
  readonly framework: Framework;
  /** Per run: every group cell's decision for a reader of the suppressed form ({@link runCells}). */
  readonly runCells: Map<string, Promise<RunCells>>;
  /** Per run: the school × levels whose index uses a hidden cell ({@link withheldIndexes}). */
  readonly withheldIndexes: Map<string, Promise<WithheldIndexes>>;
}

/** A reader for one process that is not the server (the CLI), with empty caches. */
export function disclosureReader(warehouse: Warehouse, framework: Framework): DisclosureReader {
  return { warehouse, framework, runCells: new Map(), withheldIndexes: new Map() };
}
