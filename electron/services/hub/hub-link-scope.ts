/**
 * What a workstation takes from its hub (issue 14: "what a workstation receives is what its users'
 * scope allows"): every case, or the cases of chosen streets, communities or grids, in the same shape
 * as an exchange peer's scope. Pure: the places' levels and parents come from the repository.
 */
import { DEPARTMENT_SCOPE_PREFIX, type ExchangeScope } from '../../contract';
import type { HubScope } from './hub.repository';

/** A scope entry as the workspace knows it: a place (its level and the codes of the places above it) or a department. */
export interface ScopePlace {
  code: string;
  level: 'district' | 'street' | 'community' | 'grid' | 'department';
  ancestors: readonly string[];
}

/** The hub's filter for a scope: undefined for every case (no filter), else the codes by level. */
export function hubPullScope(scope: ExchangeScope, places: ReadonlyMap<string, ScopePlace>): HubScope | undefined {
  if (scope === 'all') return undefined;
  const of = (level: ScopePlace['level']) => scope.filter((code) => places.get(code)?.level === level);
  return { streets: of('street'), communities: of('community'), grids: of('grid'), departments: of('department').map((entry) => entry.slice(DEPARTMENT_SCOPE_PREFIX.length)) };
}

/** Entries of a scope that are no street, community, grid or department of this workspace (a district is 'all'). */
export function unusableCodes(scope: ExchangeScope, places: ReadonlyMap<string, ScopePlace>): string[] {
  if (scope === 'all') return [];
  return scope.filter((code) => {
    const level = places.get(code)?.level;
    return level === undefined || level === 'district';
  });
}

/**
 * Whether `next` reaches cases that `previous` did not: a place is already covered when it or a place
 * above it was in the previous scope. The pull cursor only says which changes of the previous scope
 * are here, so a widened scope must read the hub's history again.
 */
export function widens(previous: ExchangeScope, next: ExchangeScope, places: ReadonlyMap<string, ScopePlace>): boolean {
  if (previous === 'all') return false;
  if (next === 'all') return true;
  const had = new Set(previous);
  return next.some((code) => !had.has(code) && !(places.get(code)?.ancestors ?? []).some((above) => had.has(above)));
}

/** The same scope written the same way (sorted, no repeats), so that comparing and auditing it is plain. */
export function normalScope(scope: ExchangeScope): ExchangeScope {
  return scope === 'all' ? 'all' : [...new Set(scope)].sort();
}
