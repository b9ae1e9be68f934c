/**
 * The demo workspace's documented accounts: one per role, so a new user can try each one
 * (docs/accounts.md lists them). They share one published password and need no change at first
 * sign-in. Their salts come from the username, so the same seed still builds the same bytes.
 */
import { createHash } from 'node:crypto';
import type { StaffRole } from '../../contract';
import { AccountRepository } from '../auth/account.repository';
import { hashPassword } from '../auth/password';
import type { DurableDatabase } from '../db/durable-database';
import type { People, StaffRow } from './people';

/** The shared demo password: published, so only ever used on the demo workspace. */
export const DEMO_PASSWORD = 'griddesk2026';
/** 东华门街道: the street whose desk the street-level demo accounts sit at. */
const DEMO_STREET_CODE = '110101001';
/** 区城管执法局: the department of the department user. */
const DEMO_DEPARTMENT_CODE = 'F01';

export interface DemoAccount {
  username: string;
  role: StaffRole;
  staffId: number;
  /** What the account shows, for the table in the docs. */
  note: string;
}

/** Picks the staff member behind each demo account from the generated people. */
export function pickDemoAccounts(people: People): DemoAccount[] {
  const street = people.streets.get(DEMO_STREET_CODE);
  if (!street) throw new Error(`Demo street ${DEMO_STREET_CODE} is missing`);
  const department = people.departmentByCode.get(DEMO_DEPARTMENT_CODE);
  const officer = department && people.departmentStaff.get(department.id)?.[0];
  if (!officer) throw new Error(`Demo department ${DEMO_DEPARTMENT_CODE} has no staff`);
  const inStreet = (row: StaffRow) => row.departmentId === street.office.id && row.active === 1;
  const onDuty = (duty: 'grid_worker' | 'street_chief' | 'alley_steward') => {
    const ids = new Set(people.duties.filter((d) => d.duty === duty && d.until === null).map((d) => d.staffId));
    const row = people.staff.find((s) => s.role === duty && ids.has(s.id) && inStreet(s));
    if (!row) throw new Error(`No ${duty} on duty in demo street ${DEMO_STREET_CODE}`);
    return row;
  };
  const first = (role: StaffRole) => people.staff.find((s) => s.role === role && s.departmentId === people.center.department.id && s.active === 1)!;
  const pick = (username: string, row: StaffRow, note: string): DemoAccount => ({ username, role: row.role, staffId: row.id, note });
  return [
    pick('admin', first('admin'), '区网格中心系统管理员：全部数据、账号、设置、访问日志'),
    pick('operator0', people.center.operators[0]!, '区网格中心值班员：全区受理、立案、派遣、回访'),
    pick('operator1', street.operators[0]!, '东华门街道值班员：本街道案件'),
    pick('dispatcher1', street.dispatchers[0]!, '东华门街道派遣员：本街道派遣、吹哨、督办'),
    pick('dept1', officer, '区城管执法局部门人员：派给本部门或被吹哨召集的案件'),
    pick('grid1', onDuty('grid_worker'), '东华门街道网格员：所负责网格的上报与核查'),
    pick('chief1', onDuty('street_chief'), '东华门街道街巷长：所辖街巷所在街道'),
    pick('steward1', onDuty('alley_steward'), '东华门街道小巷管家：上报与核查'),
    pick('leader1', street.leader, '东华门街道领导：只读本街道，审批延期、挂账与吹哨'),
    pick('analyst1', first('analyst'), '区网格中心分析员：全区统计与地图，个人信息始终脱敏'),
  ];
}

/** Adds the demo accounts to a freshly built demo database (one transaction each, deterministic). */
export async function addDemoAccounts(db: DurableDatabase, people: People, at: number): Promise<DemoAccount[]> {
  const accounts = pickDemoAccounts(people);
  const repo = new AccountRepository(db);
  for (const account of accounts) {
    const salt = createHash('sha256').update(`griddesk-demo:${account.username}`).digest().subarray(0, 16);
    const passwordHash = await hashPassword(DEMO_PASSWORD, { salt });
    repo.insert(
      { staffId: account.staffId, username: account.username, passwordHash, mustChangePassword: false, at },
      { at, accountId: null, actorName: '演示数据生成', role: null, caseId: null, field: null, reason: null, kind: 'account_admin', detail: `演示账号 ${account.username}（${account.note}）` },
    );
  }
  return accounts;
}
