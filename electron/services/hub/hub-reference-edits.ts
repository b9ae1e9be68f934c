import type { ClientBase } from 'pg';
import type { ReferenceEdit } from '../../contract';
import type { HubCursorRepository } from './hub-cursor.repository';
import { insertReferenceEdits, referenceEditsAfter } from './hub-reference-edits.repository';
import { inTransaction, lockPushes } from './hub.repository';

/** Edits per pulled page (a roster import is one edit per member). */
const PAGE = 5000;

/**
 * The roster and the shared settings through the hub (issue 14), as grid edits go
 * (hub-region-edits.ts): pushed in a transaction of their own under the push lock, pulled with their
 * own cursor, but by every desk whatever its scope. Applied with the first page of case changes, so
 * a case naming a new department finds it.
 */
export class HubReferenceEdits {
  constructor(private readonly cursors: HubCursorRepository, private readonly hub: string) {}

  /** Pushes the edits logged since the last push; the cursor moves only after COMMIT. */
  async push(client: ClientBase): Promise<number> {
    const { pushedRefId } = this.cursors.refCursor(this.hub);
    const upTo = this.cursors.lastRefId();
    if (upTo <= pushedRefId) return 0;
    const edits = this.cursors.refsAfter(pushedRefId, upTo).map(({ localId: _id, ...edit }) => edit);
    const inserted = await inTransaction(client, async () => {
      await lockPushes(client);
      return insertReferenceEdits(client, edits);
    });
    this.cursors.advanceRefs(this.hub, { pushedRefId: upTo });
    return inserted;
  }

  /** The hub's edits after this desk's cursor, and the seq to store once they are applied. */
  async fetch(client: ClientBase): Promise<{ refs: ReferenceEdit[]; seq: number }> {
    let seq = this.cursors.refCursor(this.hub).pulledRefSeq;
    const refs: ReferenceEdit[] = [];
    for (;;) {
      const page = await referenceEditsAfter(client, seq, PAGE);
      for (const row of page) refs.push(row.edit);
      if (page.length > 0) seq = page[page.length - 1]!.seq;
      if (page.length < PAGE) break;
    }
    return { refs, seq };
  }

  /** After the fetched edits are applied: the cursor, and (nothing of ours waiting) the push watermark past the edits just logged. */
  applied(seq: number, nothingUnpushed: boolean): void {
    this.cursors.advanceRefs(this.hub, { pulledRefSeq: seq, ...(nothingUnpushed ? { pushedRefId: this.cursors.lastRefId() } : {}) });
  }

  nothingUnpushed(): boolean {
    return this.cursors.refCursor(this.hub).pushedRefId >= this.cursors.lastRefId();
  }
}
