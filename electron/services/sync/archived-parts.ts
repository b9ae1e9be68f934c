import type { Transaction } from '../db/transaction';
import type { CaseColumns } from './case-fold';
import type { StoredEvent } from './sync.repository';

/** What the sync service needs of the archive: slim cases' parts, read or brought back. */
export interface CaseArchive {
  any(tx: Pick<Transaction, 'get'>): boolean;
  read(tx: Pick<Transaction, 'all' | 'get'>, caseIds: readonly number[]): Map<number, { columns: Record<string, string | null>; events: StoredEvent[] }>;
  restore(tx: Transaction, caseIds: readonly number[]): number;
}

/** A slim case as it was in full: the archived columns where the row has none, and the union of events by id. */
export function withArchivedParts(rows: Map<number, CaseColumns>, eventsOf: Map<number, StoredEvent[]>, archived: ReturnType<CaseArchive['read']>): void {
  for (const [caseId, parts] of archived) {
    const row = rows.get(caseId);
    if (row) for (const [column, value] of Object.entries(parts.columns)) if (row[column] === null || row[column] === undefined) row[column] = value;
    const held = eventsOf.get(caseId) ?? [];
    const ids = new Set(held.map((e) => e.id));
    eventsOf.set(caseId, [...held, ...parts.events.filter((e) => !ids.has(e.id))].sort((a, b) => a.id - b.id));
  }
}
