import { createAuthServices } from '../../../../electron/services/auth/auth-services';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { tempDir } from '../../../support/temp';

/** A settable clock: tests move time instead of waiting. */
export class TestClock {
  constructor(public now = Date.UTC(2026, 2, 5, 6, 0)) {}
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

/**
 * A real workspace database on disk with a small directory: a district, a street, a community,
 * two grids, departments, and one staff member per role.
 */
export async function smallWorkspace() {
  const db = await DurableDatabase.open(tempDir('griddesk-auth-'), { migrations });
  const at = Date.UTC(2025, 0, 1);
  db.transaction((tx) => {
    const region = (id: number, parent: number | null, level: string, code: string, name: string) =>
      tx.run('INSERT INTO regions (id, parent_id, level, code, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, parent, level, code, name, at, at]);
    region(1, null, 'district', '110101', '东城区');
    region(2, 1, 'street', '110101001', '东华门街道');
    region(3, 2, 'community', '110101001001', '多福巷社区');
    region(4, 3, 'grid', '110101001001001', '多福巷第一网格');
    region(5, 3, 'grid', '110101001001002', '多福巷第二网格');
    region(6, 1, 'street', '110101002', '景山街道');
    tx.run(`INSERT INTO departments (id, code, name, kind) VALUES (1, 'CG', '区城管执法局', 'functional'), (2, 'ZJ', '区住建委', 'functional')`);
    const staff = (id: number, code: string, name: string, role: string, dept: number | null, region: number | null) =>
      tx.run('INSERT INTO staff (id, code, name, role, department_id, region_id, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)', [id, code, name, role, dept, region, at]);
    staff(1, 'AD0001', '管理员甲', 'admin', null, 1);
    staff(2, 'OP0001', '值班员乙', 'operator', null, 2);
    staff(3, 'AN0001', '分析员丙', 'analyst', null, 1);
    staff(4, 'GW0001', '网格员丁', 'grid_worker', null, 4);
    staff(5, 'DP0001', '部门人员戊', 'department_staff', 1, null);
    staff(6, 'AD0002', '管理员己', 'admin', null, null);
    tx.run(`INSERT INTO duty_assignments (staff_id, duty, region_id, since, until) VALUES (4, 'grid_worker', 5, ?, NULL)`, [at]);
  });
  const clock = new TestClock();
  return { db, clock, ...createAuthServices(db, clock.read) };
}
