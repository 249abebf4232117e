import type { RowShape } from "./row-shape.ts";

/** The JSON schema type of a DuckDB column type as {@link Warehouse.all} returns its values. */
interface ColumnSchema {
  readonly type?: string | readonly string[];
  readonly items?: ColumnSchema;
}

const TYPES: Readonly<Record<string, ColumnSchema>> = {
  VARCHAR: { type: "string" },
  JSON: { type: "string" },
  INTEGER: { type: "integer" },
  BIGINT: { type: "integer" },
  DOUBLE: { type: "number" },
  BOOLEAN: { type: "boolean" },
  TIMESTAMP: {},
  DATE: {},
  "DOUBLE[]": { type: "array", items: { type: "number" } },
};

/**
 * The row shape a table's `CREATE TABLE` statement declares: one column per line, its DuckDB type
 * as the JSON schema type of the value read, null allowed unless `NOT NULL`. The shape is open
 * (a column a later migration adds is not an error) and for checking rows only: it has no
 * TypeScript row type. Throws on a column type it does not know.
 */
export function ddlRowShape(ddl: string): RowShape {
  const body = ddl.slice(ddl.indexOf("(") + 1, ddl.lastIndexOf(")"));
  const properties: Record<string, ColumnSchema> = {};
  const required: string[] = [];
  for (const line of body.split("\n")) {
    const m = /^\s*([a-z_][a-z0-9_]*)\s+([A-Z]+(?:\[\])?)(.*?),?\s*$/.exec(line);
    if (!m || m[1] === "PRIMARY") continue;
    const [, name, type, rest] = m as unknown as [string, string, string, string];
    const schema = TYPES[type];
    if (schema === undefined)
      throw new Error(`row shape of DDL: column "${name}" has type ${type}`);
    const notNull = /NOT NULL|PRIMARY KEY/.test(rest);
    properties[name] =
      notNull || !("type" in schema)
        ? schema
        : { ...schema, type: [schema.type as string, "null"] };
    required.push(name);
  }
  return { type: "object", required, properties: properties as RowShape["properties"] };
}
