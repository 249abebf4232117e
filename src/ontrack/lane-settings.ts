import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { sqlString } from "../measures/sql-text.ts";

/**
 * The lanes a predicted probability of being on track places a student in, best first; each
 * lane's lower bound is a setting (frameworks/ontrack/lanes.yaml). The last lane starts at 0.
 */
export const laneSettingsSchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().positive(),
    lanes: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z_]+$/),
            label: z.string().min(1),
            min_probability: z.number().min(0).max(1),
            vulnerable: z.boolean(),
          })
          .strict(),
      )
      .min(2),
  })
  .strict()
  .refine(
    (s) => s.lanes.every((l, i) => i === 0 || l.min_probability < s.lanes[i - 1]!.min_probability),
    { message: "lanes must be listed best first, each lower bound below the one before" },
  )
  .refine((s) => s.lanes.at(-1)!.min_probability === 0, {
    message: "the last lane must start at probability 0, so every student has a lane",
  });
export type LaneSettings = z.infer<typeof laneSettingsSchema>;

/** Reads and validates a lane settings file. */
export function loadLaneSettings(file = "frameworks/ontrack/lanes.yaml"): LaneSettings {
  const result = laneSettingsSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!result.success)
    throw new Error(
      `invalid lane settings ${file}: ${result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  return result.data;
}

/** SQL: the lane's rank (1 = best) of a probability expression. */
export function laneRankSql(settings: LaneSettings, probability: string): string {
  const cases = settings.lanes
    .map((l, i) => `WHEN (${probability}) >= ${l.min_probability} THEN ${i + 1}`)
    .join(" ");
  return `CASE ${cases} ELSE ${settings.lanes.length} END`;
}

/** SQL: the lane's key of a lane rank expression. */
export function laneKeySql(settings: LaneSettings, rank: string): string {
  return `CASE ${settings.lanes.map((l, i) => `WHEN (${rank}) = ${i + 1} THEN ${sqlString(l.key)}`).join(" ")} END`;
}

/** The ranks (1-based) of the vulnerable lanes. */
export function vulnerableRanks(settings: LaneSettings): number[] {
  return settings.lanes.flatMap((l, i) => (l.vulnerable ? [i + 1] : []));
}
