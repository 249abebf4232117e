import { closeSync, openSync, writeSync } from "node:fs";

const BUFFER_BYTES = 1 << 20;

/**
 * A CSV file written row by row through a fixed byte buffer (UTF-8, `\n` line ends, a header
 * row): rows are encoded straight into the buffer, which is written out when full, so memory stays
 * flat however large the file. Fields are written as given; `csvText` quotes the ones that need it.
 */
export class CsvFileWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /** Data rows written so far (the header not counted). */
  rows = 0;

  constructor(path: string, columns: readonly string[]) {
    this.fd = openSync(path, "w");
    this.append(columns.join(","));
  }

  /** Appends one row; `line` is the comma-joined fields without the line end. */
  write(line: string): void {
    this.append(line);
    this.rows++;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private append(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const worst = line.length * 3 + 1;
    if (this.used + worst > BUFFER_BYTES) {
      this.flush();
      if (worst > BUFFER_BYTES) {
        writeSync(this.fd, `${line}\n`);
        return;
      }
    }
    this.used += this.buffer.write(line, this.used, "utf8");
    this.buffer[this.used++] = 10;
  }

  private flush(): void {
    let offset = 0;
    while (offset < this.used)
      offset += writeSync(this.fd, this.buffer, offset, this.used - offset);
    this.used = 0;
  }
}

/** A text field for CSV: quoted (with doubled quotes) only when it has a comma, quote or line end. */
export function csvText(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
