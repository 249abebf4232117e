import type { JSONSchema } from "json-schema-to-ts";
import { GROWTH_RESULTS_DDL } from "../growth/growth-tables.ts";
import { IDENTIFICATION_DDL } from "../identification/identification-table.ts";
import { COMMUNITIES_DDL, PAIRINGS_DDL } from "../identification/pairing-tables.ts";
import { CUT_POINTS_DDL } from "../levels/cut-set-tables.ts";
import { INDEX_COMPONENTS_DDL, INDEX_RESULTS_DDL } from "../levels/index-tables.ts";
import { METRIC_LEVELS_DDL } from "../levels/metric-levels-table.ts";
import { METRIC_RESULTS_DDL } from "../measures/metric-results.ts";
import { PERIODIC_RESULTS_DDL } from "../measures/periodic-results-table.ts";
import { ddlRowShape } from "../warehouse/ddl-row-shape.ts";
import type { RowShape } from "../warehouse/row-shape.ts";

const NUMBER_OR_NULL = { type: ["number", "null"] } as const;
const STRING_OR_NULL = { type: ["string", "null"] } as const;

/** `schema` allowing null too. */
function orNull(schema: JSONSchema): JSONSchema {
  if (typeof schema === "boolean" || schema.type === undefined) return schema;
  const types = [schema.type].flat();
  return types.includes("null") ? schema : { ...schema, type: [...types, "null"] };
}

/**
 * The row shape of an export file read from `tables` (their `CREATE TABLE`s; a column takes the
 * first table's declaration that has it): `nullable` columns may be null (an outer join, a
 * figure blanked by the stage's own suppression), `derived` columns are declared as computed.
 * Closed: a column the file selects from no table and declares nowhere is an error.
 */
function fileShape(
  tables: readonly string[],
  {
    nullable = [],
    derived = {},
  }: { nullable?: readonly string[]; derived?: Record<string, JSONSchema> } = {},
): RowShape {
  const properties: Record<string, JSONSchema> = {};
  for (const ddl of [...tables].reverse()) Object.assign(properties, ddlRowShape(ddl).properties);
  for (const column of nullable) {
    const schema = properties[column];
    if (schema === undefined) throw new Error(`export file shape: no column "${column}"`);
    properties[column] = orNull(schema);
  }
  return {
    type: "object",
    required: [],
    properties: { ...properties, ...derived },
    additionalProperties: false,
  };
}

/**
 * The declared row shape of each file `collab export` writes, as its query reads it (before
 * disclosure): every row is checked against it on read, so a column of another type fails the
 * export naming the file, the row and the column.
 */
export const EXPORT_FILE_SHAPES: Readonly<Record<string, RowShape>> = {
  metric_results: fileShape([METRIC_RESULTS_DDL, METRIC_LEVELS_DDL], {
    nullable: ["level"],
    derived: {
      change_to_rise_1: NUMBER_OR_NULL,
      change_to_rise_2: NUMBER_OR_NULL,
      change_to_rise_3: NUMBER_OR_NULL,
    },
  }),
  index_results: fileShape([INDEX_RESULTS_DDL, IDENTIFICATION_DDL], { nullable: ["tier"] }),
  index_components: fileShape([INDEX_COMPONENTS_DDL], {
    derived: { lowest_race_group: STRING_OR_NULL },
  }),
  identification: fileShape([IDENTIFICATION_DDL]),
  cut_points: fileShape([CUT_POINTS_DDL]),
  growth_results: fileShape([GROWTH_RESULTS_DDL], {
    nullable: [
      "effect",
      "se",
      "effect_shrunk",
      "se_shrunk",
      "ci_low",
      "ci_high",
      "growth_score",
      "level",
    ],
  }),
  pairings: fileShape([PAIRINGS_DDL], { derived: { override: STRING_OR_NULL } }),
  communities: fileShape([COMMUNITIES_DDL], { derived: { override: STRING_OR_NULL } }),
  // Dates are written as text (ISO days) by the export query.
  periodic_results: fileShape([PERIODIC_RESULTS_DDL], {
    derived: { period_start: { type: "string" }, period_end: { type: "string" } },
  }),
};
