import type { Framework } from "../domain/framework/framework-schema.ts";

/** The min n of a metric: its own, else the framework's. */
export function minNOf(framework: Framework): (metric: string) => number {
  return (metric) =>
    (framework.measures as Record<string, { min_n: number } | undefined>)[metric]?.min_n ??
    framework.suppression.min_n;
}
