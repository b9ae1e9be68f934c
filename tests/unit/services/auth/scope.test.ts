import { describe, expect, it } from 'vitest';
import { resolveScope, type Scope, type ScopeDuty, type ScopeStaff } from '../../../../electron/services/auth/scope';
import { scopeClause } from '../../../../electron/services/auth/scope.repository';

const district = { id: 1, level: 'district' as const };
const street = { id: 2, level: 'street' as const };
const community = { id: 3, level: 'community' as const };
const grid = (id: number) => ({ id, level: 'grid' as const });
const staff = (role: ScopeStaff['role'], region: ScopeStaff['region'], departmentId: number | null = null): ScopeStaff => ({ role, region, departmentId });
const onGrid = (id: number): ScopeDuty => ({ region: grid(id), lineStreetId: null });

describe('resolveScope', () => {
  const cases: [string, ScopeStaff, ScopeDuty[], Scope][] = [
    ['admin anywhere sees all', staff('admin', street), [], { kind: 'all' }],
    ['operator of the district sees all', staff('operator', district), [], { kind: 'all' }],
    ['operator of a street sees that street', staff('operator', street), [], { kind: 'street', regionIds: [2] }],
    ['leader of a community sees that community', staff('leader', community), [], { kind: 'community', regionIds: [3] }],
    ['analyst of a grid sees that grid', staff('analyst', grid(9)), [], { kind: 'grid', regionIds: [9] }],
    ['dispatcher without region: the center desk, all', staff('dispatcher', null), [], { kind: 'all' }],
    ['department user: their department, whatever region', staff('department_staff', street, 7), [], { kind: 'department', departmentId: 7 }],
    ['department user without department: nothing', staff('department_staff', street), [], { kind: 'grid', regionIds: [] }],
    ['grid worker: their duties plus their own grid', staff('grid_worker', grid(4)), [onGrid(6), onGrid(5)], { kind: 'grid', regionIds: [4, 5, 6] }],
    ['grid worker without duties: their region', staff('grid_worker', community), [], { kind: 'community', regionIds: [3] }],
    ['grid worker without duties or region: nothing', staff('grid_worker', null), [], { kind: 'grid', regionIds: [] }],
    ['street chief: the street of the line', staff('street_chief', street), [{ region: null, lineStreetId: 8 }], { kind: 'street', regionIds: [8] }],
    ['alley steward on a street and a line: the street', staff('alley_steward', street), [{ region: street, lineStreetId: 2 }], { kind: 'street', regionIds: [2] }],
    ['mixed levels: the widest wins', staff('grid_worker', null), [onGrid(5), { region: null, lineStreetId: 2 }], { kind: 'street', regionIds: [2] }],
    ['a duty on the district: all', staff('street_chief', null), [{ region: district, lineStreetId: null }], { kind: 'all' }],
  ];
  for (const [name, who, duties, want] of cases) {
    it(name, () => expect(resolveScope(who, duties)).toEqual(want));
  }
});

describe('scopeClause', () => {
  it('writes one parameterised predicate per kind', () => {
    expect(scopeClause({ kind: 'all' })).toEqual({ sql: '1 = 1', params: [] });
    expect(scopeClause({ kind: 'street', regionIds: [2, 3] })).toEqual({ sql: 'c.street_id IN (?, ?)', params: [2, 3] });
    expect(scopeClause({ kind: 'community', regionIds: [3] }, 'x')).toEqual({ sql: 'x.community_id IN (?)', params: [3] });
    expect(scopeClause({ kind: 'grid', regionIds: [] })).toEqual({ sql: '0 = 1', params: [] });
    const department = scopeClause({ kind: 'department', departmentId: 7 });
    expect(department.sql).toMatch(/^\(c\.lead_department_id = \? OR c\.id IN \(SELECT w\.case_id FROM whistle_reports wr/);
    expect(department.params).toEqual([7, 7]);
  });
});
