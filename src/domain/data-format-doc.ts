import { type ColumnSpec, INPUT_TABLES } from "./input-format.ts";

const TYPE_NAMES: Record<ColumnSpec["type"], string> = {
  text: "text",
  integer: "integer",
  decimal: "decimal",
  date: "date (YYYY-MM-DD)",
  code: "code",
  flag: "flag (Y/N)",
};

function allowed(column: ColumnSpec): string {
  const parts: string[] = [];
  if (column.codes && column.type === "code")
    parts.push(column.codes.map((c) => `\`${c}\``).join(", "));
  if (column.pattern) parts.push(`matches \`${column.pattern}\``);
  if (column.min !== undefined && column.max !== undefined)
    parts.push(`${column.min} to ${column.max}`);
  return parts.join("; ");
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/**
 * Renders docs/data-format.md from the input table specs, so the documentation cannot drift from
 * what validation enforces. A test compares the file in the repository with this output.
 */
export function renderDataFormatDoc(): string {
  const lines: string[] = [
    "# Input data format",
    "",
    "<!-- Generated from src/domain/format/*.ts by `npm run docs`; do not edit by hand. -->",
    "",
    "What a district submits for one school year. A submission is a folder of CSV files named",
    "`<district_code>/<year>/` (the year is the spring of the school year: 2024 means July 1, 2023 to",
    "June 30, 2024). A network folder holds `districts/<district_code>/<year>/` for every submission.",
    "",
    "Every file: UTF-8, a header row with exactly the columns below (any order), comma separated,",
    'fields quoted with `"` when they contain a comma, quote or line break, an empty field means',
    "missing, decimals use a dot and no thousands separators, dates are `YYYY-MM-DD`.",
    "",
    "A submission is accepted whole or rejected whole. Re-submitting a district's year replaces that",
    "district's year and nothing else. Every error is reported with its file, line, column and value.",
    "",
    "## Files",
    "",
    "| file | required | one row per | key |",
    "|---|---|---|---|",
    ...INPUT_TABLES.map(
      (t) =>
        `| \`${t.file}\` | ${t.optional ? "no" : "yes"} | ${escapeCell(t.description.split(/(?<=\.)\s/)[0] ?? "")} | ${t.key.join(", ")} |`,
    ),
    "",
  ];
  for (const table of INPUT_TABLES) {
    lines.push(`## ${table.file}`, "", table.description, "");
    lines.push(
      `${table.optional ? "Optional: an absent file means no rows." : "Required."} Unique key: ${table.key.join(" + ")}.`,
      "",
    );
    lines.push("| column | type | required | allowed values | meaning |", "|---|---|---|---|---|");
    for (const column of table.columns) {
      lines.push(
        `| \`${column.name}\` | ${TYPE_NAMES[column.type]} | ${column.required ? "yes" : "no"} | ${escapeCell(allowed(column))} | ${escapeCell(column.description)} |`,
      );
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
