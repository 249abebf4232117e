import {
  shownIndexScore,
  shownTierFacts,
  tierSchools,
  tierTables,
} from "../disclosure/derived-values.ts";
import type { DisclosureReader } from "../disclosure/disclosure-reader.ts";
import { loadHiddenCells } from "../disclosure/load-hidden-cells.ts";
import { parseFacts } from "../disclosure/reason-column.ts";
import type { Trigger } from "../identification/identify-schools.ts";
import type { TierFacts } from "../identification/reason-facts.ts";
import { tierReasonText } from "../identification/reason-text.ts";
import { readTierRows, type TierFilter } from "./tier-rows.ts";

/**
 * A run's support tiers by school and level, as a reader who sees the schools `sees` accepts may
 * read them: each tier's facts decided for the reader (`facts`: a quoted group level follows the
 * reader's suppression of its cell, the index score and the figures quoted from it are withheld
 * when the school's index uses a hidden cell), and the reason rendered from exactly those facts;
 * the index score beside it follows the same decision (only the level is served). Call inside
 * the reader's serialized read.
 */
export async function shownTierList(
  reader: DisclosureReader,
  runId: string,
  filter: TierFilter,
  sees: (schoolCode: string) => boolean,
) {
  const rows = (await readTierRows(reader.warehouse, runId, filter)).map((r) => ({
    ...r,
    facts: parseFacts<TierFacts<number>>(r.facts),
    triggers: JSON.parse(r.triggers) as Trigger[],
  }));
  const hidden = await loadHiddenCells(
    reader,
    runId,
    rows.flatMap(tierTables),
    sees,
    rows.map(tierSchools),
  );
  return rows.map((r) => {
    const facts = shownTierFacts(r, hidden);
    return {
      ...r,
      ...shownIndexScore(r, r.index_score, hidden),
      triggers: r.triggers.map((t) => ({
        group: t.group,
        cells: t.measures.map((m) => ({ student_group: m.studentGroup, metric: m.metric })),
      })),
      facts,
      reason: tierReasonText(facts, reader.framework),
    };
  });
}
