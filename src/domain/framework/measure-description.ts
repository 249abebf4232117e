/**
 * A measure's plain-language definition is written once, in the framework file, and the numbers
 * in it are the measure's own settings: `{setting}` (or `{setting.key}` inside an object setting)
 * stands for the value, `{setting:percent}` for a share shown as a percent (0.5 → 50%). So the
 * definition principals read cannot disagree with the thresholds the SQL applies.
 */
const PLACEHOLDER = /\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)(?::(percent))?\}/g;

/** The settings a description is rendered from: the measure's own settings, description included. */
export type DescribedSettings = { readonly description: string } & Readonly<
  Record<string, unknown>
>;

function valueAt(settings: Readonly<Record<string, unknown>>, path: string): unknown {
  let node: unknown = settings;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function formatValue(value: unknown, format: string | undefined): string | undefined {
  if (format === "percent")
    return typeof value === "number" ? `${+(value * 100).toFixed(6)}%` : undefined;
  if (typeof value === "number" || typeof value === "string") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "number" || typeof v === "string"))
    return value.join(", ");
  return undefined;
}

/**
 * The placeholders of `description` that name no scalar or list setting of `settings` (`min_n`
 * always resolves: it defaults to the framework's minimum n), e.g. `["{min_days}"]`.
 */
export function unresolvedPlaceholders(
  description: string,
  settings: Readonly<Record<string, unknown>>,
): string[] {
  const bad: string[] = [];
  for (const match of description.matchAll(PLACEHOLDER)) {
    const [text, path, format] = match;
    if (path === "min_n" && format === undefined) continue;
    if (formatValue(valueAt(settings, path!), format) === undefined) bad.push(text);
  }
  return bad;
}

/** The measure's description with every placeholder replaced by the setting's value. */
export function renderMeasureDescription(settings: DescribedSettings): string {
  return settings.description.replace(PLACEHOLDER, (text, path: string, format?: string) => {
    const value = formatValue(valueAt(settings, path), format);
    if (value === undefined)
      throw new RangeError(`description placeholder ${text} names no setting`);
    return value;
  });
}
