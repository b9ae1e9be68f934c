/**
 * The workspace's identity and its hybrid logical clock, kept in the meta table: what every change
 * made here is named and ordered by. Below the domains that record events (cases, workflow, import,
 * grids…), which stamp them here; sync/ reads the rest of the change model.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from '../db/transaction';
import { receiveHlc, tickHlc } from './hlc';

export const ID_KEY = 'workspace.id';
export const NAME_KEY = 'workspace.name';
const HLC_KEY = 'sync.hlc';

export function setMeta(tx: Transaction, key: string, value: string): void {
  tx.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
}

export function meta(tx: Pick<Transaction, 'get'>, key: string): string | null {
  return tx.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])?.value ?? null;
}

/** The workspace's id inside a transaction that needs it (a grid edit names its region edits by it), made on first need. */
export function workspaceId(tx: Transaction): string {
  const id = meta(tx, ID_KEY);
  if (id) return id;
  const made = randomUUID().replaceAll('-', '').slice(0, 16);
  setMeta(tx, ID_KEY, made);
  if (meta(tx, NAME_KEY) === null) setMeta(tx, NAME_KEY, '');
  return made;
}

/** The clock of a new local event, inside the transaction that records it. */
export function stampHlc(tx: Transaction, now: number): string {
  const hlc = tickHlc(meta(tx, HLC_KEY), now);
  setMeta(tx, HLC_KEY, hlc);
  return hlc;
}

/** The clock as last stored (null before the first event with one). */
export function readHlc(tx: Pick<Transaction, 'get'>): string | null {
  return meta(tx, HLC_KEY);
}

/** Stores a clock moved in memory (from readHlc, by tickHlc/receiveHlc only: it never goes back). */
export function writeHlc(tx: Transaction, hlc: string): void {
  setMeta(tx, HLC_KEY, hlc);
}

/** After receiving changes up to `remote`: later local events sort after them. */
export function observeHlc(tx: Transaction, remote: string, now: number): void {
  setMeta(tx, HLC_KEY, receiveHlc(meta(tx, HLC_KEY), remote, now));
}
