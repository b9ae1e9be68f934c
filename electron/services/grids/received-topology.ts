/**
 * Problems that grid edits received from elsewhere leave here: two desks that reshaped neighbouring
 * grids while apart each end with the latest shape of each grid, alike on every desk, but the shapes
 * may now overlap or leave their community. Named in the receive report, not refused (refusing would
 * leave desks apart); a person redraws after the 拓扑检查.
 */
import type { Transaction } from '../db/transaction';
import { parentIdsOf, regionFamily } from './region-apply.repository';
import { checkTopology } from './topology';

type Reader = Pick<Transaction, 'all' | 'get'>;

/** At most this many messages: a boundary import gone wrong should not flood the report. */
const MAX_PROBLEMS = 50;

export function receivedRegionProblems(tx: Reader, placedIds: readonly number[]): string[] {
  if (placedIds.length === 0) return [];
  const placed = new Set(placedIds);
  const messages = new Set<string>();
  for (const parentId of parentIdsOf(tx, placedIds)) {
    // The parent and all its children: overlaps are judged between siblings, and against the parent's outline.
    const family = regionFamily(tx, parentId);
    for (const p of checkTopology(family)) {
      if (p.kind !== 'gap' && p.regionIds.some((id) => placed.has(id))) messages.add(p.message);
    }
    if (messages.size >= MAX_PROBLEMS) break;
  }
  return [...messages].slice(0, MAX_PROBLEMS);
}
