import type { Command } from "commander";
import { computeOntrack, type OntrackSummary } from "../ontrack/compute-ontrack.ts";
import { loadLaneSettings } from "../ontrack/lane-settings.ts";
import { loadOntrackDefinition } from "../ontrack/load-ontrack-definition.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { DEFAULT_WAREHOUSE } from "./ingest.ts";

const DEFAULT_DEFINITION = "frameworks/ontrack/cps-freshman-on-track.yaml";

const pct = (part: number, whole: number) =>
  whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`;

/** The network's figures as a person reads them (student counts only; no student is named). */
export function ontrackReport(s: OntrackSummary): string {
  const lines = [
    `9th-grade on-track network, ${s.year - 1}–${s.year}, definition ${s.definition.id} v${s.definition.version}`,
    "",
    "grading period  ends        9th graders  on track         flagged",
  ];
  for (const p of s.periods)
    lines.push(
      `${p.term.padEnd(14)}  ${p.periodEnd}  ${String(p.students).padStart(11)}  ${(p.onTrack === null ? "–" : `${p.onTrack} (${pct(p.onTrack, p.students)})`).padEnd(15)}  ${p.flagged} (${pct(p.flagged, p.students)})`,
    );
  if (s.model === null) {
    lines.push("", `lanes: no earlier cohort (${s.year - 1}) to fit the lanes' model on`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    "",
    `lanes' model: fitted on ${s.model.n} of ${s.year - 1}'s 9th graders in ${s.model.iterations} iterations`,
  );
  if (s.heldOut && s.heldOut.n > 0)
    lines.push(
      `  on ${s.year}'s cohort (${s.heldOut.n} with a year-end outcome): AUC ${s.heldOut.auc.toFixed(3)}; calibration by decile (predicted → observed): ${s.heldOut.calibration.map((c) => `${(100 * c.predicted).toFixed(0)}→${(100 * c.observed).toFixed(0)}`).join(", ")}`,
    );
  const m = s.movement;
  if (m)
    lines.push(
      `  students in the vulnerable lanes: ${m.vulnerableAtStart} at the start, ${m.vulnerableNow} now (of ${m.students})`,
      `  movement rate: ${m.movementRate === null ? "–" : pct(m.movedUp, m.students)} moved to a better lane (${m.movedUp}); ${m.movedDown} to a worse one`,
    );
  return `${lines.join("\n")}\n`;
}

/** `collab ontrack --year Y [--definition FILE] [--lanes FILE] [--db FILE] [--json]` */
export function registerOntrackCommand(program: Command): void {
  program
    .command("ontrack")
    .description(
      "compute the 9th-grade on-track network's year: each 9th grader's standing per grading period, the lanes and the movement rate; prints the network's figures",
    )
    .requiredOption("--year <year>", "school year (spring) of the 9th graders, e.g. 2025")
    .option("--definition <file>", "on-track definition", DEFAULT_DEFINITION)
    .option("--lanes <file>", "lane settings", "frameworks/ontrack/lanes.yaml")
    .option("--db <file>", "warehouse file", DEFAULT_WAREHOUSE)
    .option("--json", "print the figures as JSON")
    .action(
      async (options: {
        year: string;
        definition: string;
        lanes: string;
        db: string;
        json?: boolean;
      }) => {
        if (!/^\d{4}$/.test(options.year))
          throw new Error(`invalid --year "${options.year}": expected a spring year such as 2025`);
        const definition = loadOntrackDefinition(options.definition);
        const lanes = loadLaneSettings(options.lanes);
        const warehouse = await Warehouse.open(options.db);
        try {
          const summary = await computeOntrack(
            warehouse,
            { year: Number(options.year), definition, lanes },
            (message) => process.stderr.write(`${message}\n`),
          );
          process.stdout.write(
            options.json ? `${JSON.stringify(summary, null, 2)}\n` : ontrackReport(summary),
          );
        } finally {
          warehouse.close();
        }
      },
    );
}
