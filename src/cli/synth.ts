import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { parseYearRange } from "../domain/school-year.ts";
import { generateNetwork, SynthOptionsError } from "../synth/generate-network.ts";

function integerOption(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim()))
    throw new SynthOptionsError(`invalid --${name} "${text}": expected a whole number`);
  return Number(text);
}

/** `collab synth --out DIR [--students N] [--districts K] [--years 2022-2025] [--seed S]` */
export function registerSynthCommand(program: Command): void {
  program
    .command("synth")
    .description(
      "write a synthetic network of districts in the input format, with truth/ files of what was planted",
    )
    .requiredOption("--out <dir>", "network folder to write")
    .option("--students <n>", "students enrolled in the first year, network-wide", "40000")
    .option("--districts <k>", "number of districts", "4")
    .option("--years <range>", "school years (spring years), e.g. 2022-2025", "2022-2025")
    .option("--seed <s>", "random seed (same seed, same bytes)", "1")
    .option(
      "--contextual-effect <k>",
      "plant growth that depends on the school's intake: z per z of the school-grade mean prior (grades 4-8)",
      "0",
    )
    .action(
      async (flags: {
        out: string;
        students: string;
        districts: string;
        years: string;
        seed: string;
        contextualEffect: string;
      }) => {
        let years: number[];
        try {
          years = parseYearRange(flags.years);
        } catch (error) {
          throw new SynthOptionsError(`invalid --years: ${(error as Error).message}`);
        }
        const options = {
          students: integerOption("students", flags.students),
          districts: integerOption("districts", flags.districts),
          years,
          seed: integerOption("seed", flags.seed),
          contextualEffect: Number(flags.contextualEffect),
        };
        const bar = new SingleBar({
          stream: process.stderr,
          format: "synth [{bar}] {value}/{total} {label}",
          hideCursor: true,
        });
        const started = performance.now();
        bar.start(1, 0, { label: "" });
        const summary = await generateNetwork(options, {
          outDir: flags.out,
          onProgress: (p) => {
            bar.setTotal(p.total);
            bar.update(p.done, { label: p.label });
          },
        }).finally(() => bar.stop());
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const rows = Object.values(summary.rowCounts).reduce((a, b) => a + b, 0);
        console.log(
          `wrote ${summary.submissions} submissions (${summary.districts.length} districts × ${years.length} years, ${summary.schools} schools, ${summary.studentsEver} students over all years, ${rows} rows) to ${flags.out} in ${seconds} s`,
        );
        for (const [file, count] of Object.entries(summary.rowCounts))
          console.log(`  ${file.padEnd(24)} ${count}`);
      },
    );
}
