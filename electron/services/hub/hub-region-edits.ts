import type { ClientBase } from 'pg';
import type { RegionEdit } from '../../contract';
import type { HubCursorRepository } from './hub-cursor.repository';
import { insertRegionEdits, regionEditsAfter } from './hub-region-edits.repository';
import { inTransaction, lockPushes, type HubScope } from './hub.repository';

/** Edits per pulled page (grid edits are few; a large reshape is still one row per region). */
const PAGE = 5000;

/**
 * Grid edits through the hub (issue 14): pushed in a transaction of their own under the push lock
 * (so seq commits in order), pulled within the desk's scope with their own cursor. The pulled
 * edits are applied together with the first page of case changes (HubSyncService.pull), so a
 * merge's deletion comes after the moves of the cases it brought.
 */
export class HubRegionEdits {
  constructor(private readonly cursors: HubCursorRepository, private readonly hub: string) {}

  /** Everything logged so far counts as pushed (a desk joining without its history). */
  skipHistory(): void {
    this.cursors.advanceEdits(this.hub, { pushedEditId: this.cursors.lastEditId() });
  }

  /** Pushes the edits logged since the last push; the cursor moves only after COMMIT. Returns how many the hub did not have. */
  async push(client: ClientBase): Promise<number> {
    const { pushedEditId } = this.cursors.editCursor(this.hub);
    const upTo = this.cursors.lastEditId();
    if (upTo <= pushedEditId) return 0;
    const edits = this.cursors.editsAfter(pushedEditId, upTo).map(({ localId: _id, ...edit }) => edit);
    const inserted = await inTransaction(client, async () => {
      await lockPushes(client);
      return insertRegionEdits(client, edits);
    });
    this.cursors.advanceEdits(this.hub, { pushedEditId: upTo });
    return inserted;
  }

  /**
   * The hub's edits after this desk's cursor, within its scope, and the seq to store once they are
   * applied. A department's desk takes every edit: its cases may lie in any grid of the district.
   */
  async fetch(client: ClientBase, scope?: HubScope): Promise<{ edits: RegionEdit[]; seq: number }> {
    let seq = this.cursors.editCursor(this.hub).pulledEditSeq;
    const places = scope?.departments?.length ? undefined : scope;
    const edits: RegionEdit[] = [];
    for (;;) {
      const page = await regionEditsAfter(client, seq, PAGE, places);
      for (const row of page) edits.push(row.edit);
      if (page.length > 0) seq = page[page.length - 1]!.seq;
      if (page.length < PAGE) break;
    }
    return { edits, seq };
  }

  /** After the fetched edits are applied: the cursor, and (nothing of ours waiting) the push watermark past the edits just logged. */
  applied(seq: number, nothingUnpushed: boolean): void {
    this.cursors.advanceEdits(this.hub, { pulledEditSeq: seq, ...(nothingUnpushed ? { pushedEditId: this.cursors.lastEditId() } : {}) });
  }

  /** Whether every edit logged here is on the hub. */
  nothingUnpushed(): boolean {
    return this.cursors.editCursor(this.hub).pushedEditId >= this.cursors.lastEditId();
  }
}
