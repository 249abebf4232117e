import { StatsError } from "./stats-error.ts";

/** A point on the Earth in decimal degrees (WGS84 latitude and longitude). */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Mean Earth radius in km (IUGG mean radius R₁). */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Great-circle distance in km between two points on a sphere of radius {@link EARTH_RADIUS_KM},
 * by the haversine formula (well conditioned for small distances; the sphere is within ~0.5% of
 * the ellipsoid, plenty for "nearby partner schools"). Near-antipodal pairs lose precision
 * (still within a metre).
 * @throws StatsError when a latitude is outside [−90, 90] or a longitude outside [−180, 180].
 */
export function haversineKm(a: LatLon, b: LatLon): number {
  for (const point of [a, b]) {
    if (!(Math.abs(point.lat) <= 90) || !(Math.abs(point.lon) <= 180)) {
      throw new StatsError(
        "invalid-value",
        `coordinates (${point.lat}, ${point.lon}) are not a latitude/longitude`,
      );
    }
  }
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
