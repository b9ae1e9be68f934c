import type { Transaction } from '../db/durable-database';
import { serialMayHaveGrown, serialOf } from './case-number';

/**
 * The last serial given under a case-number prefix (0 if none), inside the writing transaction.
 * A range on the unique index: one seek, whatever the size of the table (LIKE would scan); only a
 * month past 999,999 numbers, or one whose greatest number carries a mark, reads the whole range.
 */
export function lastCaseSerial(tx: Transaction, prefix: string): number {
  return Math.max(lastSerialInCases(tx, prefix), lastSerialOfImports(tx, prefix));
}

/**
 * The last serial an import gave under the prefix, undone ones included: an undone import's cases
 * are gone, but their numbers were seen, and the search index tells a reused case id by its number.
 */
function lastSerialOfImports(tx: Transaction, prefix: string): number {
  return tx.get<{ serial: number | null }>(
    `SELECT max(json_extract(detail, '$.lastSerial')) AS serial FROM audit_log
     WHERE entity = 'import_batch' AND action = 'import_commit' AND json_extract(detail, '$.casePrefix') = ?`,
    [prefix],
  )?.serial ?? 0;
}

function lastSerialInCases(tx: Transaction, prefix: string): number {
  const range = [prefix, `${prefix}\uffff`];
  const last = tx.get<{ caseNo: string | null }>('SELECT max(case_no) AS "caseNo" FROM cases WHERE case_no >= ? AND case_no < ?', range)?.caseNo;
  if (!last) return 0;
  const serial = serialOf(last, prefix);
  // Not a plain serial (a number another desk also used, marked by sync) or past six digits: read the range.
  if (!Number.isNaN(serial) && !serialMayHaveGrown(last, prefix)) return serial;
  const widest = tx.get<{ serial: number | null }>(
    `SELECT max(CAST(substr(case_no, ?) AS INTEGER)) AS serial FROM cases WHERE case_no >= ? AND case_no < ? AND substr(case_no, ?) NOT GLOB '*[^0-9]*'`,
    [prefix.length + 1, ...range, prefix.length + 1],
  );
  return widest?.serial ?? 0;
}
