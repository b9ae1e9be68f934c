import type { DurableDatabase } from '../db/durable-database';
import type { Transaction } from '../db/transaction';

export type CodeTable = 'region' | 'category' | 'department' | 'staff';
type Reader = Pick<Transaction, 'all' | 'get'>;

const TABLES: Record<CodeTable, string> = { region: 'regions', category: 'categories', department: 'departments', staff: 'staff' };

/**
 * Local row ids ↔ the codes every desk of a district shares (DB11 region codes, category codes,
 * department and staff codes). Read once per batch: a batch applies or extracts many cases.
 */
export class CodeBook {
  private readonly toCode = new Map<CodeTable, Map<number, string>>();
  private readonly toId = new Map<CodeTable, Map<string, number>>();

  constructor(private readonly db: Reader) {}

  static of(db: DurableDatabase | Transaction): CodeBook {
    return new CodeBook(db);
  }

  code(table: CodeTable, id: number | null): string | null {
    if (id === null) return null;
    return this.load(table).codes.get(id) ?? null;
  }

  id(table: CodeTable, code: string | null): number | null | undefined {
    if (code === null) return null;
    return this.load(table).ids.get(code);
  }

  /**
   * A grid merged away (here or by an edit received from elsewhere) is read as the grid that absorbed
   * it: a case from a desk that has not heard of the merge lands where the merged grid's cases went.
   */
  private followDeletions(ids: Map<string, number>): void {
    const into = new Map(this.db.all<{ code: string; into: string }>(
      'SELECT code, deleted_into AS "into" FROM region_edits WHERE deleted = 1 AND deleted_into IS NOT NULL ORDER BY hlc',
    ).map((r) => [r.code, r.into]));
    for (const code of into.keys()) {
      if (ids.has(code)) continue;
      let next: string | undefined = code;
      // A chain of merges, with a bound in case edits from elsewhere ever form a loop.
      for (let step = 0; step < 16 && next !== undefined && !ids.has(next); step++) next = into.get(next);
      const id = next === undefined ? undefined : ids.get(next);
      if (id !== undefined) ids.set(code, id);
    }
  }

  private load(table: CodeTable): { codes: Map<number, string>; ids: Map<string, number> } {
    let codes = this.toCode.get(table);
    let ids = this.toId.get(table);
    if (!codes || !ids) {
      codes = new Map();
      ids = new Map();
      for (const row of this.db.all<{ id: number; code: string }>(`SELECT id, code FROM ${TABLES[table]}`)) {
        codes.set(row.id, row.code);
        ids.set(row.code, row.id);
      }
      if (table === 'region') {
        this.followDeletions(ids);
        // A deleted region's old id, in events recorded before the deletion, still reads as its code.
        for (const r of this.db.all<{ id: number; code: string }>('SELECT region_id AS id, code FROM region_edits WHERE region_id IS NOT NULL ORDER BY hlc')) {
          if (!codes.has(r.id)) codes.set(r.id, r.code);
        }
      }
      this.toCode.set(table, codes);
      this.toId.set(table, ids);
    }
    return { codes, ids };
  }
}
