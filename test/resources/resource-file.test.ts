import { describe, expect, it } from "vitest";
import {
  checkFileName,
  downloadHeaders,
  fileContent,
  MARKUP_TYPE,
  ResourceFileError,
  sniffContentType,
} from "../../src/resources/resource-file.ts";

const bytes = (...b: number[]) => new Uint8Array([...b, 0x20, 0x20, 0x20, 0x20]);
const text = (s: string) => new TextEncoder().encode(s);

function refusal(f: () => unknown): ResourceFileError {
  try {
    f();
  } catch (error) {
    if (error instanceof ResourceFileError) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("sniffContentType(name, bytes)", () => {
  it("reads the type from the bytes, not the name", () => {
    expect(sniffContentType("a.txt", text("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffContentType("a.docx", bytes(0x50, 0x4b, 0x03, 0x04))).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(sniffContentType("a.bin", bytes(0x50, 0x4b, 0x03, 0x04))).toBe("application/zip");
    expect(sniffContentType("a.pdf", bytes(0x89, 0x50, 0x4e, 0x47))).toBe("image/png");
    expect(sniffContentType("a.csv", text("a,b\n1,2\n"))).toBe("text/csv; charset=utf-8");
    expect(sniffContentType("a.md", text("# Título\n"))).toBe("text/markdown; charset=utf-8");
  });

  it("keeps markup as markup whatever its name says", () => {
    expect(sniffContentType("notes.txt", text("  <!DOCTYPE html><p>x"))).toBe(MARKUP_TYPE);
    expect(sniffContentType("logo.png", text("<svg onload=alert(1)>"))).toBe(MARKUP_TYPE);
    expect(sniffContentType("a.csv", text("a,b\n<script>alert(1)</script>"))).toBe(MARKUP_TYPE);
  });

  it("refuses programs and unknown binary content", () => {
    for (const b of [
      bytes(0x4d, 0x5a),
      bytes(0x7f, 0x45, 0x4c, 0x46),
      text("#!/bin/sh\nrm -rf /"),
    ]) {
      expect(refusal(() => sniffContentType("x.pdf", b))).toMatchObject({
        status: 415,
        code: "executable_refused",
      });
    }
    expect(
      refusal(() => sniffContentType("x.doc", bytes(0xd0, 0xcf, 0x11, 0xe0, 0xff))),
    ).toMatchObject({
      status: 415,
      code: "unknown_content",
    });
  });
});

describe("checkFileName(name)", () => {
  it("takes a plain name with an extension and refuses paths and odd characters, naming the value", () => {
    expect(checkFileName("Huddle agenda (v2).pdf")).toBe("Huddle agenda (v2).pdf");
    for (const name of [
      "../a.pdf",
      "a/b.pdf",
      "a\\b.pdf",
      ".htaccess",
      "noextension",
      'a".pdf',
      "a\u0000.pdf",
    ]) {
      const e = refusal(() => checkFileName(name));
      expect(e.code, name).toBe("invalid_file_name");
      expect(e.message).toContain(JSON.stringify(name));
    }
  });
});

describe("fileContent(name, bytes, maxBytes)", () => {
  it("refuses a file over the limit or empty, and hashes the rest", () => {
    expect(refusal(() => fileContent("a.txt", text("12345"), 4))).toMatchObject({ status: 413 });
    expect(refusal(() => fileContent("a.txt", new Uint8Array(), 4))).toMatchObject({
      code: "empty_file",
    });
    expect(fileContent("a.txt", text("abc"), 4)).toMatchObject({
      sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    });
  });
});

describe("downloadHeaders(fileName, contentType)", () => {
  it("always sends an attachment, nosniff and a sandbox; markup as opaque bytes; names RFC 6266-encoded", () => {
    expect(downloadHeaders("Plan d'été.pdf", "application/pdf")).toEqual({
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="Plan d'_t_.pdf"; filename*=UTF-8''Plan%20d%27%C3%A9t%C3%A9.pdf`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "cache-control": "private, no-cache",
    });
    expect(downloadHeaders("a.html", MARKUP_TYPE)["content-type"]).toBe("application/octet-stream");
  });
});
