import type { FromSchema, JSONSchema } from "json-schema-to-ts";

/**
 * The declared shape of a row read from the warehouse: a JSON schema object with one property
 * per column (declared `as const`). The TypeScript type comes from it ({@link RowOf}), and
 * {@link checkRows} checks the rows the warehouse returns against it, so a row's columns are
 * written once. `additionalProperties: false`: a column the shape does not declare is an error.
 */
export interface RowShape {
  readonly type: "object";
  readonly required: readonly string[];
  readonly properties: { readonly [column: string]: JSONSchema };
  readonly additionalProperties?: false;
}

/** The TypeScript type of a row of `S` (types only: json-schema-to-ts is not loaded at run time). */
export type RowOf<S extends RowShape> = FromSchema<S>;

/** The column names of `shape`, in declaration order (the order the SQL selects them in). */
export function columnsOf<S extends RowShape>(shape: S): (keyof S["properties"] & string)[] {
  return Object.keys(shape.properties) as (keyof S["properties"] & string)[];
}

/** `shape` with only `columns`, in their declared order. */
export type Picked<S extends RowShape, K extends keyof S["properties"]> = {
  readonly type: "object";
  readonly required: readonly Extract<S["required"][number], K>[];
  readonly properties: Pick<S["properties"], K>;
  readonly additionalProperties: false;
};

/** `shape` restricted to `columns` (the declared order is kept). */
export function pickColumns<S extends RowShape, K extends keyof S["properties"] & string>(
  shape: S,
  columns: readonly K[],
): Picked<S, K> {
  const keep = new Set<string>(columns);
  return {
    type: "object",
    required: shape.required.filter((c) => keep.has(c)) as Extract<S["required"][number], K>[],
    properties: Object.fromEntries(
      Object.entries(shape.properties).filter(([c]) => keep.has(c)),
    ) as Pick<S["properties"], K>,
    additionalProperties: false,
  };
}

/** `shape` without `columns`. */
export function omitColumns<S extends RowShape, K extends keyof S["properties"] & string>(
  shape: S,
  columns: readonly K[],
): Picked<S, Exclude<keyof S["properties"] & string, K>> {
  const drop = new Set<string>(columns);
  return pickColumns(
    shape,
    columnsOf(shape).filter((c) => !drop.has(c)) as Exclude<keyof S["properties"] & string, K>[],
  );
}

/** A closed row shape of `properties` with every column required (columns written once). */
export function closedShape<const P extends { readonly [column: string]: JSONSchema }>(
  properties: P,
): {
  readonly type: "object";
  readonly required: readonly (keyof P & string)[];
  readonly properties: P;
  readonly additionalProperties: false;
} {
  return {
    type: "object",
    required: Object.keys(properties) as (keyof P & string)[],
    properties,
    additionalProperties: false,
  };
}
