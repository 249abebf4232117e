import { describe, expect, it } from "vitest";
import { EARTH_RADIUS_KM, haversineKm } from "../../src/stats/haversine.ts";

describe("haversineKm(a, b)", () => {
  it("gives a quarter meridian for equator to pole and half a great circle for antipodes", () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 90, lon: 0 })).toBeCloseTo(
      (Math.PI / 2) * EARTH_RADIUS_KM,
      9,
    );
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(
      Math.PI * EARTH_RADIUS_KM,
      9,
    );
    // haversine is ill-conditioned at exact antipodes: still within a metre
    expect(haversineKm({ lat: 10, lon: 20 }, { lat: -10, lon: -160 })).toBeCloseTo(
      Math.PI * EARTH_RADIUS_KM,
      2,
    );
  });

  it("agrees with the spherical law of cosines (python3) for California cities", () => {
    const sf = { lat: 37.7793, lon: -122.4193 };
    const la = { lat: 34.0537, lon: -118.2428 };
    expect(haversineKm(sf, la)).toBeCloseTo(559.3988918625719, 6);
    expect(
      haversineKm({ lat: 38.5816, lon: -121.4944 }, { lat: 36.7378, lon: -119.7871 }),
    ).toBeCloseTo(254.1945807820018, 6);
  });

  it("is symmetric, zero for the same point, and accurate for a few metres", () => {
    const a = { lat: 37.7793, lon: -122.4193 };
    const b = { lat: 37.7793, lon: -122.4192 };
    expect(haversineKm(a, a)).toBe(0);
    expect(haversineKm(a, b)).toBe(haversineKm(b, a));
    // 0.0001° of longitude at this latitude
    const expected =
      EARTH_RADIUS_KM * Math.cos((37.7793 * Math.PI) / 180) * ((0.0001 * Math.PI) / 180);
    expect(haversineKm(a, b)).toBeCloseTo(expected, 9);
  });

  it("rejects coordinates that are not a latitude/longitude", () => {
    expect(() => haversineKm({ lat: 91, lon: 0 }, { lat: 0, lon: 0 })).toThrow(/\(91, 0\)/);
    expect(() => haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: Number.NaN })).toThrow(
      /\(0, NaN\)/,
    );
  });
});
