import type { DurableDatabase } from '../db/durable-database';

const SETTINGS_KEY = 'hub.link';

/** The hub setting as stored in the workspace: the address without its password, and the password apart. */
export interface HubLinkSetting {
  address: string;
  password: string;
  enabled: boolean;
  /** Whether this workspace's history goes to a hub it joins for the first time. */
  shareHistory: boolean;
}

/** The local side of the hub link: its setting (settings table, changes audited) and what waits to be pushed. */
export class HubLinkRepository {
  constructor(private readonly db: DurableDatabase) {}

  setting(): HubLinkSetting | null {
    const raw = this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [SETTINGS_KEY])?.value;
    return raw ? (JSON.parse(raw) as HubLinkSetting) : null;
  }

  /** Saves (or with null removes) the setting; the audit log records the address without the password. */
  saveSetting(setting: HubLinkSetting | null, by: { at: number; actorStaffId: number | null; shownAddress: string | null }): void {
    this.db.transaction((tx) => {
      if (setting) {
        tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [SETTINGS_KEY, JSON.stringify(setting)]);
      } else {
        tx.run('DELETE FROM settings WHERE key = ?', [SETTINGS_KEY]);
      }
      const detail = { key: SETTINGS_KEY, value: setting ? { address: by.shownAddress, enabled: setting.enabled, shareHistory: setting.shareHistory } : null };
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

  /** Street names by code, for the city's figures (streets of other districts stay unnamed). */
  streetNames(): Map<string, string> {
    const rows = this.db.all<{ code: string; name: string }>("SELECT code, name FROM regions WHERE level = 'street'");
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
