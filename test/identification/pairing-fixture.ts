import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import type { PairingSchool } from "../../src/identification/pairing-cost.ts";
import type { SchoolContext } from "../../src/identification/school-context.ts";

export const baseFramework: Framework = loadFramework("frameworks/core-sqii.yaml");

/** The framework with some pairing settings replaced. */
export function withPairing(settings: Partial<Framework["pairing"]>): Framework {
  return { ...baseFramework, pairing: { ...baseFramework.pairing, ...settings } };
}

/** A school × level context; coordinates near Fresno, one degree of latitude ≈ 111 km. */
export function school(
  code: string,
  options: {
    level?: string;
    district?: string;
    lat?: number;
    lon?: number;
    vars?: number[];
  } = {},
): SchoolContext {
  return {
    schoolCode: code,
    schoolLevel: options.level ?? "elementary",
    schoolName: `School ${code}`,
    districtCode: options.district ?? "1000000",
    latitude: options.lat ?? 36.7,
    longitude: options.lon ?? -119.8,
    enrollment: 400,
    variables: options.vars ?? [0.5, 0.2],
  };
}

/** A school with measure levels for pairing. */
export function withLevels(context: SchoolContext, levels: Record<string, number>): PairingSchool {
  return { context, measureLevels: new Map(Object.entries(levels)) };
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
