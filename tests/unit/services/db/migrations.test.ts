import { describe, expect, it } from 'vitest';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { tempDir } from '../../../support/temp';

/**
 * Every migration N is applied to a database made by migrations 1…N-1 and closed, as a user's
 * workspace from the previous release would be; the result must pass SQLite's own checks.
 */
describe('schema migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  for (const migration of migrations) {
    it(`${String(migration.version).padStart(3, '0')}_${migration.name} upgrades a database of version ${migration.version - 1}`, async () => {
      const dir = tempDir();
      const previous = await DurableDatabase.open(dir, { migrations: migrations.slice(0, migration.version - 1) });
      expect(previous.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(migration.version - 1);
      await previous.close();

      const upgraded = await DurableDatabase.open(dir, { migrations: migrations.slice(0, migration.version) });
      expect(upgraded.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(migration.version);
      expect(upgraded.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
      expect(upgraded.all('PRAGMA foreign_key_check')).toEqual([]);
      await upgraded.close();
    });
  }
});
