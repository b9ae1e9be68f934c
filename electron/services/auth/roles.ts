/**
 * Who may do what: the permission vocabulary and the role → permission table, as data, in one
 * screen (DOMAIN.md, "People, roles and scope"). Channels declare the permission they need next to
 * their handler; the case life cycle asks this table too (case-state-machine's rolesFor), so one
 * table decides. Where a role acts (its scope) is scope.ts's business, not this table's.
 */
import { StaffRole } from '../../contract/directory';
import { WorkflowAction } from '../../contract/workflow';

/** Case actions: the life-cycle transitions plus merging a duplicate. */
export type CaseAction = WorkflowAction | 'merge';

export type Permission =
  | 'read' // lists, details, maps of cases in scope (personal data masked)
  | 'read_stats' // statistics, heat, rankings in scope
  | 'case_create' // register a new case (intake, patrol report)
  | 'case_attach' // add photos and documents to a case in scope
  | `case_action:${CaseAction}`
  | 'import'
  | 'export' // exports are masked; unmasked exports need 'unmask' too
  | 'unmask' // show a caller's personal data, with a reason, logged
  | 'grid_edit' // draw, split, merge grids and street lines; duty assignments
  | 'approve' // approvals outside the life cycle: adopt a problem of the month, freeze a ranking
  | 'settings' // workspace settings (rates weights, idle lock, basemaps)
  | 'exchange' // write and receive exchange packages (they carry callers' personal data unmasked)
  | 'case_settle' // settle a conflict two workstations made on a case (keep one side)
  | 'read_city' // the city's three rates from the hub: every street's figures, beyond the account's scope
  | 'admin'; // accounts and the access log

const CASE_ACTIONS: readonly CaseAction[] = [...WorkflowAction.options, 'merge'];
const act = (...actions: CaseAction[]): Permission[] => actions.map((a) => `case_action:${a}` as const);

/** Every permission there is; the administrator holds them all. */
export const ALL_PERMISSIONS: readonly Permission[] = [
  'read', 'read_stats', 'case_create', 'case_attach', ...act(...CASE_ACTIONS),
  'import', 'export', 'unmask', 'grid_edit', 'approve', 'settings', 'exchange', 'case_settle', 'read_city', 'admin',
];

/**
 * The table. Decisions where the domain is terse: operators also dispatch and unmask (a street
 * desk's 值班员 dispatches, and a callback needs the caller's phone); department staff may unmask
 * (responding means calling the citizen); the leader's writes are approvals only — extension,
 * suspension and lifting it, the whistle (the street's decision to summon departments) and
 * 'approve'; the analyst reads and exports masked data and never unmasks. Exchange packages carry
 * personal data unmasked, so only roles that may unmask anyway and run the desk (operator) write
 * and receive them; pairing a workstation is the administrator's ('admin'). Settling a conflict
 * picks a case's state, the dispatching desk's decision (operator, dispatcher). The city's three
 * rates from the hub name every street's figures, beyond any one scope: the leader's and the
 * analyst's ('read_city'), who compare their area with the city (aggregates only, no case rows).
 */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  admin: ALL_PERMISSIONS,
  operator: ['read', 'read_stats', 'case_attach', 'case_create', ...act('register', 'dispatch', 'escalate', 'close', 'callback', 'reopen', 'merge'), 'case_settle', 'import', 'export', 'unmask', 'exchange'],
  dispatcher: ['read', 'read_stats', 'case_attach', 'case_create', ...act('register', 'dispatch', 'whistle', 'resume', 'escalate', 'close', 'reopen', 'merge'), 'case_settle', 'export'],
  department_staff: ['read', 'read_stats', 'case_attach', ...act('respond', 'return', 'handle', 'report'), 'unmask'],
  grid_worker: ['read', 'case_attach', 'case_create', ...act('respond', 'return', 'handle', 'verify', 'reject')],
  street_chief: ['read', 'case_attach', 'case_create', ...act('respond', 'return', 'handle', 'verify', 'reject')],
  alley_steward: ['read', 'case_attach', 'case_create', ...act('verify', 'reject')],
  leader: ['read', 'read_stats', ...act('whistle', 'extend', 'suspend', 'resume'), 'export', 'approve', 'read_city'],
  analyst: ['read', 'read_stats', 'export', 'read_city'],
};

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  admin: '系统管理员', operator: '值班员', dispatcher: '派遣员', department_staff: '部门人员', grid_worker: '网格员',
  street_chief: '街巷长', alley_steward: '小巷管家', leader: '领导', analyst: '分析员',
};

const SETS = new Map(StaffRole.options.map((role) => [role, new Set(ROLE_PERMISSIONS[role])]));

export function can(role: StaffRole, permission: Permission): boolean {
  return SETS.get(role)?.has(permission) ?? false;
}

export function permissionsOf(role: StaffRole): Permission[] {
  return [...(ROLE_PERMISSIONS[role] ?? [])];
}

/** The roles holding a permission, in the contract's role order (admin last). */
export function rolesWith(permission: Permission): StaffRole[] {
  return StaffRole.options.filter((role) => can(role, permission));
}
