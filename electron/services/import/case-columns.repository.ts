import type { SqlValue } from '../db/durable-database';
import { CASE_COLUMNS } from './prepared-row';

/** The case columns an import writes, as SQL: what an update sets and what it reads back first. */
export const SET_COLUMNS = CASE_COLUMNS.map((c) => `${c} = ?`).join(', ');
export const SELECT_COLUMNS = CASE_COLUMNS.join(', ');

/** The case columns whose value `values` (in CASE_COLUMNS order) changes from `before`: an event's patch. */
export function changedColumns(before: Record<string, SqlValue>, values: readonly SqlValue[]): Record<string, SqlValue> {
  const patch: Record<string, SqlValue> = {};
  CASE_COLUMNS.forEach((column, i) => {
    if ((before[column] ?? null) !== (values[i] ?? null)) patch[column] = values[i] ?? null;
  });
  return patch;
}
