import { sqlString } from "../measures/sql-text.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import {
  type HiddenCells,
  hiddenCells,
  INDEX_GROUP_KEY_ROW,
  NOTHING_HIDDEN,
  type TableKey,
} from "./hidden-cells.ts";
import { hiddenCutoffs } from "./hidden-cutoffs.ts";
import { runCells } from "./run-cells.ts";
import { schoolLevelKey, withheldIndexes } from "./withheld-indexes.ts";

/** A school at one school level, whose index is to be decided on. */
export interface SchoolLevelKey {
  readonly schoolCode: string;
  readonly schoolLevel: string;
}

/**
 * Decides which cells of the quoted tables `tables` of run `runId`, and which index measure
 * levels built on them, are hidden from the reader (the run's decisions, {@link runCells}; the
 * reader sees the schools `sees` accepts unsuppressed). With `indexesOf`, it also decides whether
 * each of those schools' indexes uses a hidden cell ({@link HiddenCells.index}, from the run's
 * {@link withheldIndexes}) and which network cut-offs quoted beside them give a withheld figure
 * back ({@link hiddenCutoffs}). Call inside the reader's serialized read.
 */
export async function loadHiddenCells(
  reader: DisclosureReader,
  runId: string,
  tables: readonly TableKey[],
  sees: (schoolCode: string) => boolean,
  indexesOf: readonly SchoolLevelKey[] = [],
): Promise<HiddenCells> {
  const unseen = [
    ...new Map(
      tables
        .filter((t) => !sees(t.schoolCode))
        .map((t) => [`${t.schoolCode}|${t.schoolLevel}|${t.metric}`, t]),
    ).values(),
  ];
  // A reason of a school the reader sees may quote a cut-off that is another school's figure.
  const withheld = indexesOf.length > 0 ? await withheldIndexes(reader, runId) : null;
  const index = (school: string, level: string) =>
    !sees(school) && (withheld?.keys.has(schoolLevelKey(school, level)) ?? false);
  const cutoff = withheld ? hiddenCutoffs(withheld.figures, sees) : () => false;
  if (unseen.length === 0) return { ...NOTHING_HIDDEN, index, cutoff };
  const cells = await runCells(reader, runId);
  const keys = `(VALUES ${unseen
    .map((t) => `(${sqlString(t.schoolCode)}, ${sqlString(t.schoolLevel)}, ${sqlString(t.metric)})`)
    .join(", ")}) AS k(school_code, school_level, metric)`;
  const groups = await readRows(
    reader.warehouse,
    "index_group_levels",
    INDEX_GROUP_KEY_ROW,
    `SELECT ${selectList(INDEX_GROUP_KEY_ROW, (c) => `g.${c}`)}
     FROM index_group_levels g JOIN ${keys} USING (school_code, school_level, metric)
     WHERE g.run_id = ?`,
    [runId],
  );
  return { ...hiddenCells(cells.hidden, groups, sees), index, cutoff };
}
