import { describe, expect, it } from 'vitest';
import { hubPullScope, normalScope, unusableCodes, widens, type ScopePlace } from '../../../../electron/services/hub/hub-link-scope';

/** A small region tree: district D, streets S1 and S2, S1's communities C1 and C2, C1's grid G1. */
const places = new Map<string, ScopePlace>([
  ['D', { code: 'D', level: 'district', ancestors: [] }],
  ['S1', { code: 'S1', level: 'street', ancestors: ['D'] }],
  ['S2', { code: 'S2', level: 'street', ancestors: ['D'] }],
  ['C1', { code: 'C1', level: 'community', ancestors: ['S1', 'D'] }],
  ['C2', { code: 'C2', level: 'community', ancestors: ['S1', 'D'] }],
  ['G1', { code: 'G1', level: 'grid', ancestors: ['C1', 'S1', 'D'] }],
  ['department:CG', { code: 'department:CG', level: 'department', ancestors: [] }],
]);

describe('a workstation\'s hub scope', () => {
  it('asks the hub for every change when all, else for the codes by level', () => {
    expect(hubPullScope('all', places)).toBeUndefined();
    expect(hubPullScope(['S2', 'C1', 'G1'], places)).toEqual({ streets: ['S2'], communities: ['C1'], grids: ['G1'], departments: [] });
  });

  it('asks for a department\'s cases by its code', () => {
    expect(hubPullScope(['department:CG', 'C1'], places)).toEqual({ streets: [], communities: ['C1'], grids: [], departments: ['CG'] });
    expect(unusableCodes(['department:CG', 'department:XX'], places)).toEqual(['department:XX']);
    expect(widens(['C1'], ['C1', 'department:CG'], places)).toBe(true);
    expect(widens(['C1', 'department:CG'], ['department:CG'], places)).toBe(false);
  });

  it('refuses codes that are no street, community or grid here', () => {
    expect(unusableCodes(['C1', 'X9', 'D'], places)).toEqual(['X9', 'D']);
    expect(unusableCodes('all', places)).toEqual([]);
  });

  it('widens only when a newly listed place lies outside every place listed before', () => {
    expect(widens(['C1'], ['C1', 'S2'], places)).toBe(true);
    expect(widens(['C1'], 'all', places)).toBe(true);
    expect(widens(['C1'], ['C2'], places)).toBe(true);
    expect(widens(['S1'], ['C1', 'G1'], places)).toBe(false);
    expect(widens(['C1', 'S2'], ['C1'], places)).toBe(false);
    expect(widens('all', ['C1'], places)).toBe(false);
  });

  it('writes a scope one way', () => {
    expect(normalScope(['S2', 'C1', 'S2'])).toEqual(['C1', 'S2']);
    expect(normalScope('all')).toBe('all');
  });
});
