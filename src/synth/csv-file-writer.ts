import { closeSync, openSync, writeSync } from "node:fs";

const FLUSH_AT = 1 << 20;

/**
 * A CSV file written row by row through a buffer (UTF-8, `\n` line ends, a header row). Fields
 * are written as given; `csvText` quotes the ones that need it.
 */
export class CsvFileWriter {
  private readonly fd: number;
  private buffer = "";
  /** Data rows written so far (the header not counted). */
  rows = 0;

  constructor(path: string, columns: readonly string[]) {
    this.fd = openSync(path, "w");
    this.buffer = `${columns.join(",")}\n`;
  }

  /** Appends one row; `line` is the comma-joined fields without the line end. */
  write(line: string): void {
    this.buffer += `${line}\n`;
    this.rows++;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = "";
  }
}

/** A text field for CSV: quoted (with doubled quotes) only when it has a comma, quote or line end. */
export function csvText(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
