import { readFileSync } from "node:fs";
import type { Download, Locator, Page } from "playwright-core";

/**
 * The cells of a rendered table as a reader sees them, one array per row (header row first):
 * text that only screen readers hear (`.sr-only`) and a sort button's arrow are left out, a
 * list's items read as lines ("first; second"), white space collapsed; a cell spanning columns
 * repeats its text in each.
 */
export async function tableCells(table: Locator): Promise<string[][]> {
  return table.evaluate(CELLS);
}

// Browser-side (built from text: the test files are typed without the DOM library).
const CELLS = new Function(
  "t",
  `const text = (cell) => {
    const copy = cell.cloneNode(true);
    for (const hidden of copy.querySelectorAll(".sr-only, .sort-button [aria-hidden]")) hidden.remove();
    // A list's items are lines: read as "first; second".
    for (const item of copy.querySelectorAll("li:not(:last-child)")) item.append("; ");
    return (copy.textContent ?? "").replace(/\\s+/g, " ").trim();
  };
  return [...t.querySelectorAll("thead tr, tbody tr")].map((row) =>
    [...row.querySelectorAll("th, td")].flatMap((cell) =>
      Array.from({ length: cell.colSpan || 1 }, () => text(cell)),
    ),
  );`,
) as (table: unknown) => string[][];

/** Clicks `button` and reads the file it downloads as text. */
export async function downloadText(
  page: Page,
  button: Locator,
): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent("download"), button.click()])) as [
    Download,
    unknown,
  ];
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, "utf8") };
}

/**
 * CSV text (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) as rows of
 * fields; a leading byte order mark is dropped. Throws on a quote left open.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (c !== "\r") field += c;
  }
  if (quoted) throw new Error("CSV ends inside a quoted field");
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * A CSV field as the table shows it: the writer puts an apostrophe before text a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`); the table shows the text without it.
 */
export function shownText(field: string): string {
  return /^'[=+\-@]/.test(field) ? field.slice(1) : field;
}
