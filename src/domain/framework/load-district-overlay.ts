import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import {
  type DistrictOverlay,
  districtOverlaySchema,
  type LocalMeasureBase,
} from "./district-overlay-schema.ts";
import type { Framework } from "./framework-schema.ts";
import { unitOf } from "./measure-format.ts";
import { measuresSettings } from "./measure-settings.ts";

/** One problem in an overlay file, where it is (line and column, 1-based) and the bad value. */
export interface OverlayIssue {
  readonly line: number;
  readonly column: number;
  /** Dotted path inside the YAML ("measures.severe_absence.weight"). */
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/** An overlay file that cannot be used; the message lists every issue by file, line and column. */
export class DistrictOverlayError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly OverlayIssue[],
  ) {
    super(
      `invalid district overlay ${file}:\n${issues
        .map(
          (i) =>
            `  ${file}:${i.line}:${i.column} ${i.path || "(root)"}: ${i.message} (got ${describe(i.value)})`,
        )
        .join("\n")}`,
    );
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
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0)
    throw new DistrictOverlayError(
      file,
      document.errors.map((e) => ({
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        path: "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
        value: undefined,
      })),
    );
  const raw: unknown = document.toJS();
  const at = (path: readonly (string | number)[], message: string, value: unknown) => {
    // The deepest node that exists on the path places the issue.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col, path: path.join("."), message, value };
      }
    }
    return { line: 1, column: 1, path: path.join("."), message, value };
  };
  const parsed = districtOverlaySchema.safeParse(raw);
  if (!parsed.success)
    throw new DistrictOverlayError(
      file,
      parsed.error.issues.map((i) => zodIssue(i, raw, at)),
    );
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
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new DistrictOverlayError(path, [
      {
        line: 1,
        column: 1,
        path: "",
        message: `cannot read file: ${(error as Error).message}`,
        value: path,
      },
    ]);
  }
  return parseDistrictOverlay(text, path, framework);
}

function baseSchema(base: LocalMeasureBase): z.ZodType {
  return measuresSettings.shape[base].unwrap() as unknown as z.ZodType;
}

function zodIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  at: (path: readonly (string | number)[], message: string, value: unknown) => OverlayIssue,
): OverlayIssue {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    return at(
      [...path, key],
      `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
      valueAt(raw, [...path.map(String), key]),
    );
  }
  const value =
    "input" in issue && issue.input !== undefined ? issue.input : valueAt(raw, path.map(String));
  return at(path, issue.message, value);
}

function valueAt(raw: unknown, path: readonly string[]): unknown {
  let node = raw;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
