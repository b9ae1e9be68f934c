import type { Scope } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import type { HubScope } from './hub.repository';

/** What this desk knows of the codes a hub case names, and the person's places as codes. */
export class HubCaseNamesRepository {
  constructor(private readonly db: DurableDatabase) {}

  regionNames(codes: readonly string[]): Map<string, string> {
    return this.names('regions', codes);
  }

  categoryNames(codes: readonly string[]): Map<string, string> {
    return this.names('categories', codes);
  }

  /** A person's scope as the hub's codes (a department's by its code); undefined for every case. */
  scopeCodes(scope: Scope): HubScope | undefined {
    if (scope.kind === 'all') return undefined;
    if (scope.kind === 'department') {
      const department = this.db.get<{ code: string }>('SELECT code FROM departments WHERE id = ?', [scope.departmentId]);
      return { departments: department ? [department.code] : [] };
    }
    const codes = this.db.all<{ code: string }>('SELECT code FROM regions WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(scope.regionIds)])
      .map((r) => r.code);
    return scope.kind === 'street' ? { streets: codes } : scope.kind === 'community' ? { communities: codes } : { grids: codes };
  }

  private names(table: 'regions' | 'categories', codes: readonly string[]): Map<string, string> {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return new Map();
    return new Map(this.db.all<{ code: string; name: string }>(
      `SELECT code, name FROM ${table} WHERE code IN (SELECT value FROM json_each(?))`, [JSON.stringify(wanted)],
    ).map((r) => [r.code, r.name]));
  }
}
