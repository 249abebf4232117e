import { describe, expect, it } from "vitest";
import {
  calendarOf,
  escapeText,
  foldLine,
  utcDateTime,
} from "../../src/improvement/meeting-calendar.ts";

/** Unfolds content lines as a calendar client does (RFC 5545 §3.1). */
function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, "").split("\r\n");
}

describe("escapeText(value)", () => {
  it("escapes backslash, semicolon and comma, and writes line breaks as \\n", () => {
    expect(escapeText("a\\b; c, d\r\ne\nf")).toBe("a\\\\b\\; c\\, d\\ne\\nf");
  });
});

describe("foldLine(line)", () => {
  it("keeps every physical line within 75 octets and never splits a character", () => {
    const line = `DESCRIPTION:${"é".repeat(50)}${"x".repeat(100)}🙂🙂`;
    const folded = foldLine(line);
    const physical = folded.split("\r\n");
    expect(physical.length).toBeGreaterThan(2);
    for (const p of physical) expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(75);
    for (const p of physical.slice(1)) expect(p.startsWith(" ")).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(folded).not.toContain("\uFFFD");
  });

  it("leaves a short line alone", () => {
    expect(foldLine("SUMMARY:Q3")).toBe("SUMMARY:Q3");
  });
});

describe("calendarOf(name, events)", () => {
  const text = calendarOf("Alpha & Beta, plan 7", [
    {
      uid: "meeting-3@district-collaborative",
      start: new Date("2026-01-15T16:00:00Z"),
      durationMinutes: 90,
      summary: "Q3 data dive; Alpha, Beta",
      description: `Predictions (5 min)\nGo visual (10 min)\n${"Observations ".repeat(10)}`,
      location: "Library, room 2",
      stamp: new Date("2026-01-02T08:30:05.123Z"),
    },
  ]);

  it("is a VCALENDAR of CRLF lines with one VEVENT in UTC", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = unfold(text);
    expect(lines.slice(0, 2)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0"]);
    expect(lines).toContain("DTSTART:20260115T160000Z");
    expect(lines).toContain("DTEND:20260115T173000Z");
    expect(lines).toContain("DTSTAMP:20260102T083005Z");
    expect(lines).toContain("UID:meeting-3@district-collaborative");
    expect(lines).toContain("SUMMARY:Q3 data dive\\; Alpha\\, Beta");
    expect(lines).toContain("LOCATION:Library\\, room 2");
    expect(lines).toContain("X-WR-CALNAME:Alpha & Beta\\, plan 7");
    expect(lines.find((l) => l.startsWith("DESCRIPTION:"))).toBe(
      `DESCRIPTION:Predictions (5 min)\\nGo visual (10 min)\\n${"Observations ".repeat(10)}`,
    );
    expect(lines.at(-2)).toBe("END:VCALENDAR");
  });

  it("folds the long description", () => {
    for (const physical of text.split("\r\n")) {
      expect(Buffer.byteLength(physical, "utf8")).toBeLessThanOrEqual(75);
    }
  });
});

describe("utcDateTime(date)", () => {
  it("writes the basic UTC form", () => {
    expect(utcDateTime(new Date("2026-07-04T09:05:00.999Z"))).toBe("20260704T090500Z");
  });
});
