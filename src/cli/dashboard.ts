import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { checkDashboardFiles } from "../dashboard/check-dashboard-files.ts";
import { readDashboardFile } from "../dashboard/dashboard-file.ts";
import { formatDashboardCheck } from "../dashboard/format-dashboard-check.ts";
import { DEFAULT_DASHBOARD_RULES, loadDashboardRules } from "../dashboard/load-dashboard-rules.ts";

/** `collab dashboard check FILE... [--rules FILE] [--indicator ID] [--limit N]` */
export function registerDashboardCommand(program: Command): void {
  const dashboard = program
    .command("dashboard")
    .description("the California School Dashboard's rules (frameworks/ca-dashboard-rules.yaml)");
  dashboard
    .command("check")
    .description(
      "recompute every row's status level, change level, box and color in CDE's Dashboard download files and report the agreement",
    )
    .argument("<files...>", "tab-separated Dashboard download files (e.g. chronicdownload2023.txt)")
    .option("--rules <file>", "Dashboard rule file", DEFAULT_DASHBOARD_RULES)
    .option("--indicator <id>", "the indicator the files hold (default: from the file)")
    .option("--limit <n>", "list at most this many disagreeing rows", "200")
    .action((files: string[], options: { rules: string; indicator?: string; limit: string }) => {
      const rules = loadDashboardRules(options.rules);
      const read = files.map((f) =>
        readDashboardFile(readFileSync(f, "utf8"), f, rules, options.indicator),
      );
      const check = checkDashboardFiles(read);
      process.stdout.write(formatDashboardCheck(check, rules.record_types, Number(options.limit)));
      if (check.disagreements.length > 0) process.exitCode = 1;
    });
}
