import { describe, expect, it } from "vitest";
import { readReferenceCsv } from "./reference-csv.ts";

const read = (text: string | Buffer) =>
  readReferenceCsv(typeof text === "string" ? Buffer.from(text) : text);

describe("readReferenceCsv(bytes), the fuzz suite's reference reader", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks; LF or CRLF; skips empty lines", () => {
    expect(read('a,b\r\n"x, y","say ""hi""\n\nthere"\n\n1,\n""," "\n')).toEqual({
      ok: true,
      header: ["a", "b"],
      rows: [
        ["x, y", 'say "hi"\n\nthere'],
        ["1", ""],
        ["", " "],
      ],
    });
  });

  it("reads a quote inside an unquoted field as a character and drops empty fields past the header, as DuckDB and Python's csv do", () => {
    expect(read('a,b\nx"y,z"\n1,2,,\n')).toEqual({
      ok: true,
      header: ["a", "b"],
      rows: [
        ['x"y', 'z"'],
        ["1", "2"],
      ],
    });
  });

  it("drops a UTF-8 byte order mark and reads a last line without a line break", () => {
    expect(read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a\nx")]))).toEqual({
      ok: true,
      header: ["a"],
      rows: [["x"]],
    });
  });

  it.each([
    ["an unclosed quote", 'a,b\n"x,y\n', "unterminated quote"],
    ["a non-empty field past the header", "a,b\nx,y,z\n", "wrong number of fields"],
    ["text after a closing quote", 'a,b\n"x"y,z\n', "text after a closing quote"],
    ["a short row", "a,b\nx\n", "wrong number of fields"],
    ["a NUL byte", "a,b\nx,\u0000\n", "NUL byte"],
    ["a Latin-1 byte", Buffer.from([0x61, 0x0a, 0xe9, 0x0a]), "not UTF-8"],
    ["an empty file", "", "no header"],
    ["a row over 1 MiB", `a\n${"x".repeat((1 << 20) + 1)}\n`, "record over 1 MiB"],
  ])("refuses %s", (_, text, error) => {
    expect(read(text)).toEqual({ ok: false, error });
  });
});
