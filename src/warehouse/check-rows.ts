import type { RowOf, RowShape } from "./row-shape.ts";

/** The parts of a column's JSON schema the check reads. */
interface ColumnSchema {
  readonly type?: string | readonly string[];
  readonly items?: unknown;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
}

/**
 * A row read from the warehouse that is not of its declared shape: a column missing, of another
 * type, or not declared. Names the table (or query), the row (1-based) and the column.
 */
export class ResultRowError extends Error {
  constructor(
    readonly table: string,
    readonly row: number | null,
    readonly column: string,
    detail: string,
  ) {
    super(`${table}${row === null ? "" : ` row ${row}`}: column "${column}" ${detail}`);
    this.name = "ResultRowError";
  }
}

type Test = (value: unknown) => boolean;

interface Column {
  readonly name: string;
  readonly required: boolean;
  readonly test: Test;
  readonly declared: string;
}

interface CheckedShape {
  readonly columns: readonly Column[];
  readonly names: ReadonlySet<string>;
  readonly closed: boolean;
}

const compiled = new WeakMap<RowShape, CheckedShape>();

/** The test of one JSON schema type word. */
function typeTest(type: string, schema: ColumnSchema): Test {
  switch (type) {
    case "null":
      return (v) => v === null;
    case "string":
      return (v) => typeof v === "string";
    case "boolean":
      return (v) => typeof v === "boolean";
    case "number":
      return (v) => typeof v === "number";
    case "integer":
      return (v) => Number.isInteger(v);
    case "array": {
      const items = schema.items;
      const item = items === undefined || Array.isArray(items) ? null : schemaTest(items);
      return (v) => Array.isArray(v) && (item === null || v.every(item));
    }
    case "object": {
      const props = Object.entries(schema.properties ?? {}).map(
        ([name, s]) => [name, schemaTest(s)] as const,
      );
      const required = schema.required ?? [];
      return (v) => {
        if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
        const o = v as Record<string, unknown>;
        return (
          required.every((r) => r in o) &&
          props.every(([name, test]) => o[name] === undefined || test(o[name]))
        );
      };
    }
    default:
      throw new Error(`row shape: unsupported type "${type}"`);
  }
}

/** The test of a column's (or an item's) JSON schema: its type words and enum. */
function schemaTest(declared: unknown): Test {
  if (typeof declared === "boolean") return () => declared;
  const schema = declared as ColumnSchema;
  const types = schema.type === undefined ? [] : [schema.type].flat();
  const tests = types.map((t) => typeTest(t, schema));
  const values = schema.enum;
  // One or two type words (a type, or a type or null) test without a loop: rows are read by the
  // hundred thousand, one test per column each.
  const [a, b] = tests;
  const typed: Test =
    a === undefined
      ? () => true
      : tests.length === 1
        ? a
        : tests.length === 2 && b !== undefined
          ? (v) => a(v) || b(v)
          : (v) => tests.some((t) => t(v));
  return values === undefined ? typed : (v) => typed(v) && values.includes(v);
}

function declaredOf(declared: unknown): string {
  if (typeof declared === "boolean") return String(declared);
  const schema = declared as ColumnSchema;
  const types = schema.type === undefined ? ["any"] : [schema.type].flat();
  const words = types.map((t) =>
    t === "array" && typeof schema.items === "object" && !Array.isArray(schema.items)
      ? `array of ${declaredOf(schema.items)}`
      : t,
  );
  return `${words.join(" or ")}${schema.enum ? ` (one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")})` : ""}`;
}

function compile(shape: RowShape): CheckedShape {
  const hit = compiled.get(shape);
  if (hit) return hit;
  const required = new Set(shape.required);
  const columns = Object.entries(shape.properties).map(([name, schema]) => ({
    name,
    required: required.has(name),
    test: schemaTest(schema),
    declared: declaredOf(schema),
  }));
  const checked = {
    columns,
    names: new Set(columns.map((c) => c.name)),
    closed: shape.additionalProperties === false,
  };
  compiled.set(shape, checked);
  return checked;
}

function shown(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n (bigint)`;
  if (value instanceof Date) return `${value.toISOString()} (date)`;
  const text = JSON.stringify(value) ?? String(value);
  const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  return `${text.length > 60 ? `${text.slice(0, 57)}...` : text} (${kind})`;
}

/**
 * Checks that every row of `rows` (read from `table`) has the columns of `shape` with their
 * declared types, and no other column when the shape is closed; returns them typed. Throws
 * {@link ResultRowError} naming the table, row and column at the first that is not. Each row
 * costs one test per column; the shape is compiled once.
 */
export function checkRows<S extends RowShape>(
  table: string,
  shape: S,
  rows: readonly Record<string, unknown>[],
): NoInfer<RowOf<S>>[];
export function checkRows(
  table: string,
  shape: RowShape,
  rows: readonly Record<string, unknown>[],
): unknown[] {
  assertRows(table, shape, rows);
  return rows as unknown[];
}

/**
 * {@link checkRows} without the typed result (for callers generic over the shape); `first` is the
 * number of the first row (rows read in batches are named by their place in the whole read).
 */
export function assertRows(
  table: string,
  shape: RowShape,
  rows: readonly Record<string, unknown>[],
  first = 1,
): void {
  const { columns, names, closed } = compile(shape);
  const head = rows[0];
  // Every row of a query result has the same columns: the undeclared ones are found on the first.
  if (closed && head !== undefined) {
    for (const name of Object.keys(head)) {
      if (!names.has(name)) {
        throw new ResultRowError(table, null, name, "is not a column of the declared row shape");
      }
    }
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (const column of columns) {
      const value = row[column.name];
      if (value === undefined) {
        if (!column.required) continue;
        throw new ResultRowError(
          table,
          first + i,
          column.name,
          `is missing (declared ${column.declared})`,
        );
      }
      if (!column.test(value)) {
        throw new ResultRowError(
          table,
          first + i,
          column.name,
          `holds ${shown(value)}, declared ${column.declared}`,
        );
      }
    }
  }
}
