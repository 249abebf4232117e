import type { DisclosureReader } from "../disclosure/disclosure-reader.ts";
import { loadHiddenCells } from "../disclosure/load-hidden-cells.ts";
import {
  findPeers,
  type PeerList,
  type PeerQuery,
  type RunContexts,
} from "../identification/find-peers.ts";

/**
 * The peer finder's answer as one reader may see it: a peer whose cell on the measure is
 * suppressed (small, or hidden beside a small one) is not listed — its being listed would tell
 * its level — and the school's own value and level go when its cell is hidden. A reader who sees
 * a school's cells unsuppressed (`sees`: its district's or school's own staff) sees it listed.
 * Call inside the reader's serialized read.
 */
export async function shownPeers(
  reader: DisclosureReader,
  list: PeerList,
  sees: (schoolCode: string) => boolean,
): Promise<PeerList> {
  const codes = [list.school.schoolCode, ...list.peers.map((p) => p.schoolCode)];
  const level = list.school.schoolLevel;
  const hidden = await loadHiddenCells(
    reader,
    list.runId,
    codes.map((schoolCode) => ({ schoolCode, schoolLevel: level, metric: list.metric })),
    sees,
  );
  const isHidden = (code: string) => hidden.cell(code, level, list.metric, list.group);
  const ownHidden = isHidden(list.school.schoolCode);
  return {
    ...list,
    schoolLevelOnMetric: ownHidden ? null : list.schoolLevelOnMetric,
    schoolValue: ownHidden ? null : list.schoolValue,
    peers: list.peers.filter((p) => !isHidden(p.schoolCode)),
  };
}

/** Peers asked of the finder beyond the limit: suppressed peers are dropped afterwards. */
const SPARE_PEERS = 10;

/**
 * The peers of `query` (its run's `contexts` loaded) as one reader may see them
 * ({@link shownPeers}), at most `query.limit` (default 10). Call inside the reader's serialized
 * read. @throws PeerQueryError naming the bad value.
 */
export async function shownPeerList(
  reader: DisclosureReader,
  query: PeerQuery,
  contexts: RunContexts,
  sees: (schoolCode: string) => boolean,
): Promise<PeerList> {
  const limit = query.limit ?? 10;
  const list = await findPeers(
    reader.warehouse,
    reader.framework,
    { ...query, limit: limit + SPARE_PEERS },
    contexts,
  );
  const shown = await shownPeers(reader, list, sees);
  return { ...shown, peers: shown.peers.slice(0, limit) };
}
