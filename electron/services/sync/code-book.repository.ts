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
      this.toCode.set(table, codes);
      this.toId.set(table, ids);
    }
    return { codes, ids };
  }
}
