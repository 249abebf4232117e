import { describe, expect, it } from "vitest";
import { enrollmentBand } from "../../src/disclosure/enrollment-band.ts";

describe("enrollmentBand(enrollment, minN)", () => {
  it("shows a school's size as a band, never the count", () => {
    expect(enrollmentBand(12, 20)).toBe("fewer than 300");
    expect(enrollmentBand(299, 20)).toBe("fewer than 300");
    expect(enrollmentBand(300, 20)).toBe("300–599");
    expect(enrollmentBand(999, 20)).toBe("600–999");
    expect(enrollmentBand(1000, 20)).toBe("1,000 or more");
    expect(enrollmentBand(null, 20)).toBeNull();
  });

  it("merges bands narrower than the minimum n, so that no band tells a small count", () => {
    // With min n 350 the 300–599 band is too narrow: 0–599 becomes the lowest band.
    expect(enrollmentBand(450, 350)).toBe("fewer than 600");
    expect(enrollmentBand(299, 350)).toBe("fewer than 600");
    expect(enrollmentBand(700, 350)).toBe("600–999");
    expect(enrollmentBand(1200, 350)).toBe("1,000 or more");
  });
});
