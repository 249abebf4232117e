import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import {
  parseLocatedYaml,
  readDataFile,
  valueAt,
  YamlFileError,
  type YamlIssue,
} from "../located-yaml.ts";
import {
  type DistrictOverlay,
  districtOverlaySchema,
  type LocalMeasureBase,
} from "./district-overlay-schema.ts";
import type { Framework } from "./framework-schema.ts";
import { unitOf } from "./measure-format.ts";
import { measuresSettings } from "./measure-settings.ts";

/** One problem in an overlay file, where it is (line and column, 1-based) and the bad value. */
export type OverlayIssue = YamlIssue;

/** An overlay file that cannot be used; the message lists every issue by file, line and column. */
export class DistrictOverlayError extends YamlFileError {
  constructor(file: string, issues: readonly OverlayIssue[]) {
    super("district overlay", file, issues);
    this.name = "DistrictOverlayError";
  }
}

/** A validated overlay with its merged, validated settings per local measure. */
export interface LoadedOverlay {
  readonly file: string;
  readonly overlay: DistrictOverlay;
  /** Per local measure key: the base measure's settings with the overlay's changes. */
  readonly settings: ReadonlyMap<string, Record<string, unknown>>;
}

/**
 * Parses and validates a district overlay against the shared framework it extends: the shape
 * (zod), `extends` naming that framework, each base measure present in it, the merged settings
 * valid for the base measure, and weights only on percent measures (the local index averages
 * percentages). Every issue names the line and column of the offending YAML node.
 */
export function parseDistrictOverlay(
  text: string,
  file: string,
  framework: Framework,
): LoadedOverlay {
  const yaml = parseLocatedYaml(text, (issues) => new DistrictOverlayError(file, issues));
  const { at } = yaml;
  const parsed = districtOverlaySchema.safeParse(yaml.raw);
  if (!parsed.success) throw new DistrictOverlayError(file, yaml.issuesOf(parsed.error));
  const overlay = parsed.data;
  const issues: OverlayIssue[] = [];
  if (overlay.extends !== framework.id)
    issues.push(
      at(["extends"], `must name the shared framework "${framework.id}"`, overlay.extends),
    );
  const settings = new Map<string, Record<string, unknown>>();
  for (const [key, measure] of Object.entries(overlay.measures)) {
    const shared = framework.measures[measure.base];
    if (!shared) {
      issues.push(
        at(
          ["measures", key, "base"],
          `the shared framework does not define "${measure.base}"`,
          measure.base,
        ),
      );
      continue;
    }
    const merged: Record<string, unknown> = { ...shared, ...measure.settings };
    const check = baseSchema(measure.base).safeParse(merged);
    if (!check.success) {
      for (const i of check.error.issues) {
        const inner = i.path.map(String);
        if (i.code === "unrecognized_keys") {
          for (const k of i.keys)
            issues.push(
              at(
                ["measures", key, "settings", ...inner, k],
                `"${measure.base}" has no setting "${k}"`,
                valueAt(merged, [...inner, k]),
              ),
            );
          continue;
        }
        issues.push(at(["measures", key, "settings", ...inner], i.message, valueAt(merged, inner)));
      }
      continue;
    }
    if (measure.weight !== undefined && unitOf(measure.base) !== "percent")
      issues.push(
        at(
          ["measures", key, "weight"],
          `only percent measures take a weight in the local index ("${measure.base}" is not one)`,
          measure.weight,
        ),
      );
    settings.set(key, { ...(check.data as Record<string, unknown>), min_n: shared.min_n });
  }
  if (issues.length > 0) throw new DistrictOverlayError(file, issues);
  return { file, overlay, settings };
}

/** Reads and validates an overlay file; `readFile` is the file system, passed in. */
export function loadDistrictOverlay(
  path: string,
  framework: Framework,
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): LoadedOverlay {
  const text = readDataFile(path, (issues) => new DistrictOverlayError(path, issues), readFile);
  return parseDistrictOverlay(text, path, framework);
}

function baseSchema(base: LocalMeasureBase): z.ZodType {
  return measuresSettings.shape[base].unwrap() as unknown as z.ZodType;
}

/** The folder of district overlays beside the shared frameworks. */
export const DEFAULT_OVERLAY_DIR = "frameworks/districts";

/**
 * Every overlay (`*.yaml`) in `dir`, validated against `framework`, sorted by file name; none when
 * the folder does not exist. Two overlays for one district are an error.
 */
export function loadDistrictOverlays(dir: string, framework: Framework): LoadedOverlay[] {
  if (!existsSync(dir)) return [];
  const loaded = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((f) => loadDistrictOverlay(join(dir, f), framework));
  const seen = new Map<string, string>();
  for (const o of loaded) {
    const other = seen.get(o.overlay.district);
    if (other !== undefined)
      throw new DistrictOverlayError(o.file, [
        {
          line: 1,
          column: 1,
          path: "district",
          message: `district ${o.overlay.district} already has an overlay (${other})`,
          value: o.overlay.district,
        },
      ]);
    seen.set(o.overlay.district, o.file);
  }
  return loaded;
}
