import type { DisclosureReader } from "../disclosure/disclosure-reader.ts";
import { shownCommunities, shownPairings } from "../disclosure/shown-pairings.ts";
import { problemText } from "../identification/reason-text.ts";
import { readEffectiveCommunities, readEffectivePairings } from "./effective-pairing-rows.ts";

/**
 * A run's pairings as they stand (the hub analyst's latest override per school applied), each
 * explained for a reader who sees the schools `sees` accepts: the reasons and the figures they
 * quote follow that reader's suppression of the cells quoted, decided on the rows' facts before
 * the reason is rendered. Null when pairing never ran in this warehouse. Call inside the reader's
 * serialized read.
 */
export async function shownPairingList(
  reader: DisclosureReader,
  runId: string,
  sees: (schoolCode: string) => boolean,
) {
  const rows = await readEffectivePairings(reader.warehouse, runId);
  return rows === null ? null : shownPairings(reader, runId, rows, sees);
}

/**
 * A run's communities of practice as they stand, explained for the reader as
 * {@link shownPairingList}, each problem also in words. Null when pairing never ran.
 */
export async function shownCommunityList(
  reader: DisclosureReader,
  runId: string,
  sees: (schoolCode: string) => boolean,
) {
  const rows = await readEffectiveCommunities(reader.warehouse, runId);
  if (rows === null) return null;
  return (await shownCommunities(reader, runId, rows, sees)).map((r) => ({
    ...r,
    problem_label: problemText((r.problem ?? null) as string | null, reader.framework),
  }));
}
