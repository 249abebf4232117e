import type { Warehouse } from "../warehouse/warehouse.ts";
import { type LaneSettings, vulnerableRanks } from "./lane-settings.ts";

/** The network's two improvement metrics over a set of students' lanes at the start and now. */
export interface LaneMovement {
  /** Students with a lane at the start and now. */
  readonly students: number;
  /** In the vulnerable lanes at the start of the year, and now. */
  readonly vulnerableAtStart: number;
  readonly vulnerableNow: number;
  /** Students now in a better lane than at the start (the movement rate's numerator). */
  readonly movedUp: number;
  readonly movedDown: number;
  /** movedUp / students (null: no students). */
  readonly movementRate: number | null;
}

/**
 * The movement metrics of `from` (rows with `start_rank` and `now_rank`, lane ranks 1 = best):
 * how many started and are now in the vulnerable lanes, and the movement rate, the share of
 * students who moved to a better lane during the year (improvement-tools.md §2.2).
 */
export async function laneMovement(
  warehouse: Warehouse,
  settings: LaneSettings,
  from: string,
): Promise<LaneMovement> {
  const vulnerable = vulnerableRanks(settings).join(", ");
  const row = await warehouse.one<Record<string, number>>(
    `SELECT count(*)::INTEGER AS students,
       count(*) FILTER (WHERE start_rank IN (${vulnerable}))::INTEGER AS vulnerable_at_start,
       count(*) FILTER (WHERE now_rank IN (${vulnerable}))::INTEGER AS vulnerable_now,
       count(*) FILTER (WHERE now_rank < start_rank)::INTEGER AS moved_up,
       count(*) FILTER (WHERE now_rank > start_rank)::INTEGER AS moved_down
     FROM ${from} WHERE start_rank IS NOT NULL AND now_rank IS NOT NULL`,
  );
  const students = Number(row.students);
  return {
    students,
    vulnerableAtStart: Number(row.vulnerable_at_start),
    vulnerableNow: Number(row.vulnerable_now),
    movedUp: Number(row.moved_up),
    movedDown: Number(row.moved_down),
    movementRate: students === 0 ? null : Number(row.moved_up) / students,
  };
}
