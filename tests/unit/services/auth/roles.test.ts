import { describe, expect, it } from 'vitest';
import { StaffRole } from '../../../../electron/contract/directory';
import { ALL_PERMISSIONS, ROLE_LABELS, can, permissionsOf, rolesWith, type Permission } from '../../../../electron/services/auth/roles';
import { TRANSITIONS, rolesFor } from '../../../../electron/services/workflow/case-state-machine';

/**
 * The role table, written out again by hand as the people who run a grid center describe it
 * (DOMAIN.md): a change to roles.ts that is not also made here fails, cell by cell.
 */
const Y = true;
const _ = false;
// Columns: admin operator dispatcher department_staff grid_worker street_chief alley_steward leader analyst
const ROLES = ['admin', 'operator', 'dispatcher', 'department_staff', 'grid_worker', 'street_chief', 'alley_steward', 'leader', 'analyst'] as const;
const EXPECTED: Record<Permission, readonly boolean[]> = {
  read: /*                    */ [Y, Y, Y, Y, Y, Y, Y, Y, Y],
  read_stats: /*              */ [Y, Y, Y, Y, _, _, _, Y, Y],
  case_create: /*             */ [Y, Y, Y, _, Y, Y, Y, _, _],
  case_attach: /*             */ [Y, Y, Y, Y, Y, Y, Y, _, _],
  'case_action:register': /*  */ [Y, Y, Y, _, _, _, _, _, _],
  'case_action:dispatch': /*  */ [Y, Y, Y, _, _, _, _, _, _],
  'case_action:return': /*    */ [Y, _, _, Y, Y, Y, _, _, _],
  'case_action:respond': /*   */ [Y, _, _, Y, Y, Y, _, _, _],
  'case_action:whistle': /*   */ [Y, _, Y, _, _, _, _, Y, _],
  'case_action:report': /*    */ [Y, _, _, Y, _, _, _, _, _],
  'case_action:extend': /*    */ [Y, _, _, _, _, _, _, Y, _],
  'case_action:suspend': /*   */ [Y, _, _, _, _, _, _, Y, _],
  'case_action:resume': /*    */ [Y, _, Y, _, _, _, _, Y, _],
  'case_action:escalate': /*  */ [Y, Y, Y, _, _, _, _, _, _],
  'case_action:handle': /*    */ [Y, _, _, Y, Y, Y, _, _, _],
  'case_action:reject': /*    */ [Y, _, _, _, Y, Y, Y, _, _],
  'case_action:verify': /*    */ [Y, _, _, _, Y, Y, Y, _, _],
  'case_action:close': /*     */ [Y, Y, Y, _, _, _, _, _, _],
  'case_action:callback': /*  */ [Y, Y, _, _, _, _, _, _, _],
  'case_action:reopen': /*    */ [Y, Y, Y, _, _, _, _, _, _],
  'case_action:merge': /*     */ [Y, Y, Y, _, _, _, _, _, _],
  import: /*                  */ [Y, Y, _, _, _, _, _, _, _],
  export: /*                  */ [Y, Y, Y, _, _, _, _, Y, Y],
  unmask: /*                  */ [Y, Y, _, Y, _, _, _, _, _],
  grid_edit: /*               */ [Y, _, _, _, _, _, _, _, _],
  approve: /*                 */ [Y, _, _, _, _, _, _, Y, _],
  settings: /*                */ [Y, _, _, _, _, _, _, _, _],
  exchange: /*                */ [Y, Y, _, _, _, _, _, _, _],
  case_settle: /*             */ [Y, Y, Y, _, _, _, _, _, _],
  read_city: /*               */ [Y, _, _, _, _, _, _, Y, Y],
  admin: /*                   */ [Y, _, _, _, _, _, _, _, _],
};

describe('the role → permission table', () => {
  it('covers every role and every permission', () => {
    expect([...ROLES].sort()).toEqual([...StaffRole.options].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...ALL_PERMISSIONS].sort());
    for (const role of ROLES) expect(ROLE_LABELS[role]).toMatch(/\p{Script=Han}/u);
  });

  for (const permission of ALL_PERMISSIONS) {
    it(`${permission}: ${ROLES.filter((_r, i) => EXPECTED[permission][i]).join(', ')}`, () => {
      ROLES.forEach((role, i) => expect(can(role, permission), `${role} × ${permission}`).toBe(EXPECTED[permission][i]));
      expect(rolesWith(permission).sort()).toEqual(ROLES.filter((_r, i) => EXPECTED[permission][i]).sort());
    });
  }

  it('the leader writes nothing but approvals; the analyst never unmasks and never writes', () => {
    const reads: Permission[] = ['read', 'read_stats', 'read_city', 'export'];
    const writes = (role: StaffRole) => permissionsOf(role).filter((p) => !reads.includes(p));
    expect(writes('leader').sort()).toEqual(['approve', 'case_action:extend', 'case_action:resume', 'case_action:suspend', 'case_action:whistle']);
    expect(writes('analyst')).toEqual([]);
  });

  it('the case life cycle takes its roles from the same table', () => {
    for (const spec of Object.values(TRANSITIONS)) {
      expect(rolesFor(spec).sort()).toEqual(rolesWith(`case_action:${spec.action}`).sort());
      expect(rolesFor(spec)).toContain('admin');
    }
  });

  it('an unknown role (a forged string) has no permission', () => {
    expect(can('root' as StaffRole, 'read')).toBe(false);
  });
});
