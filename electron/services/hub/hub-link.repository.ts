import { DEPARTMENT_SCOPE_PREFIX, type ExchangeScope } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import type { ScopePlace } from './hub-link-scope';

const SETTINGS_KEY = 'hub.link';

/** The hub setting as stored in the workspace: the address without its password, and the password apart. */
export interface HubLinkSetting {
  address: string;
  password: string;
  enabled: boolean;
  /** Whether this workspace's history goes to a hub it joins for the first time. */
  shareHistory: boolean;
  /** Whose cases this workstation takes from the hub; absent (a setting from before scopes): every case. */
  scope?: ExchangeScope;
}

/** The local side of the hub link: its setting (settings table, changes audited) and what waits to be pushed. */
export class HubLinkRepository {
  constructor(private readonly db: DurableDatabase) {}

  setting(): HubLinkSetting | null {
    const raw = this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [SETTINGS_KEY])?.value;
    return raw ? (JSON.parse(raw) as HubLinkSetting) : null;
  }

  /** Saves (or with null removes) the setting; the audit log records the address without the password. */
  saveSetting(
    setting: HubLinkSetting | null,
    by: { at: number; actorStaffId: number | null; shownAddress: string | null; restartPullOf?: string },
  ): void {
    this.db.transaction((tx) => {
      // A widened scope: the hub's history is read again from its start (what is here already is skipped by id).
      if (by.restartPullOf) tx.run('UPDATE hub_cursors SET pulled_seq = 0 WHERE hub = ?', [by.restartPullOf]);
      if (setting) {
        tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [SETTINGS_KEY, JSON.stringify(setting)]);
      } else {
        tx.run('DELETE FROM settings WHERE key = ?', [SETTINGS_KEY]);
      }
      const detail = { key: SETTINGS_KEY, value: setting ? { address: by.shownAddress, enabled: setting.enabled, shareHistory: setting.shareHistory, scope: setting.scope ?? 'all' } : null };
      tx.run(`INSERT INTO audit_log (at, actor_staff_id, action, entity, detail) VALUES (?, ?, 'settings_change', 'settings', ?)`, [
        by.at, by.actorStaffId, JSON.stringify(detail),
      ]);
    });
  }

  /** Whether this workspace has synced with this hub before (its cursors exist). */
  knowsHub(hub: string): boolean {
    return this.db.get('SELECT 1 AS x FROM hub_cursors WHERE hub = ?', [hub]) !== undefined;
  }

  /** Local case events after the pushed watermark: the changes waiting for the hub. */
  eventsAfter(eventId: number): number {
    return this.db.get<{ n: number }>('SELECT count(*) AS n FROM case_events WHERE id > ?', [eventId])?.n ?? 0;
  }

  /** The workspace's places with these codes: level and the codes above them (unknown codes are left out). */
  places(codes: readonly string[]): Map<string, ScopePlace> {
    if (codes.length === 0) return new Map();
    const rows = this.db.all<{ code: string; level: ScopePlace['level']; parent: string | null; grandparent: string | null; top: string | null }>(
      `SELECT r.code, r.level, p.code AS parent, gp.code AS grandparent, ggp.code AS top FROM regions r
         LEFT JOIN regions p ON p.id = r.parent_id LEFT JOIN regions gp ON gp.id = p.parent_id LEFT JOIN regions ggp ON ggp.id = gp.parent_id
       WHERE r.code IN (${codes.map(() => '?').join(', ')})`,
      [...codes],
    );
    const found = new Map(rows.map((r): [string, ScopePlace] => [r.code, { code: r.code, level: r.level, ancestors: [r.parent, r.grandparent, r.top].filter((c): c is string => c !== null) }]));
    // Department entries ('department:<code>') name a department this workspace knows.
    const departmentCodes = codes.filter((c) => c.startsWith(DEPARTMENT_SCOPE_PREFIX)).map((c) => c.slice(DEPARTMENT_SCOPE_PREFIX.length));
    if (departmentCodes.length > 0) {
      for (const { code } of this.db.all<{ code: string }>('SELECT code FROM departments WHERE code IN (SELECT value FROM json_each(?))', [JSON.stringify(departmentCodes)])) {
        found.set(DEPARTMENT_SCOPE_PREFIX + code, { code: DEPARTMENT_SCOPE_PREFIX + code, level: 'department', ancestors: [] });
      }
    }
    return found;
  }

  /** Street names by code, for the city's figures (streets of other districts stay unnamed). */
  streetNames(): Map<string, string> {
    const rows = this.db.all<{ code: string; name: string }>("SELECT code, name FROM regions WHERE level = 'street'");
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
