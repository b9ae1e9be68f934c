/**
 * Where a person acts: a place (their street, community or grids) or an organisation (their
 * department). Pure: the repository reads the staff row and duties, this decides; the one SQL
 * predicate that applies a scope to the cases table is scopeClause() in scope.repository.ts.
 */
import type { RegionLevel, StaffRole } from '../../contract';

export type Scope =
  | { kind: 'all' }
  | { kind: 'street'; regionIds: number[] }
  | { kind: 'community'; regionIds: number[] }
  | { kind: 'grid'; regionIds: number[] }
  | { kind: 'department'; departmentId: number };

export interface ScopeStaff {
  role: StaffRole;
  departmentId: number | null;
  /** The staff row's region and its level; null when the roster gives none. */
  region: { id: number; level: RegionLevel } | null;
}

/** An active duty assignment: on a region (any level), or on a street line (then its street). */
export interface ScopeDuty {
  region: { id: number; level: RegionLevel } | null;
  /** The street of the duty's street line (a 街巷长's line lies in one street). */
  lineStreetId: number | null;
}

const FIELD_ROLES: readonly StaffRole[] = ['grid_worker', 'street_chief', 'alley_steward'];
/** Nothing: a field worker with no duty and no region, a department user with no department. */
const NOTHING: Scope = { kind: 'grid', regionIds: [] };

function ofRegion(region: { id: number; level: RegionLevel }): Scope {
  return region.level === 'district' ? { kind: 'all' } : { kind: region.level, regionIds: [region.id] };
}

/**
 * The rules (DOMAIN.md, "People, roles and scope"):
 * - admin: everything;
 * - department_staff: their department (cases it leads or was whistled to), never a place;
 * - grid workers, street chiefs, alley stewards: the places of their active duties — grids, and
 *   for a street line its street — plus their own region when it is a grid. When the duties mix
 *   levels, the widest level wins (a chief of a line also on a grid of the same street);
 * - everyone else (operator, dispatcher, leader, analyst): their region — a district is all; a
 *   staff row without a region is the workspace's own center desk, which sees all.
 */
export function resolveScope(staff: ScopeStaff, duties: readonly ScopeDuty[]): Scope {
  if (staff.role === 'admin') return { kind: 'all' };
  if (staff.role === 'department_staff') {
    return staff.departmentId === null ? NOTHING : { kind: 'department', departmentId: staff.departmentId };
  }
  if (FIELD_ROLES.includes(staff.role)) {
    const places: { id: number; level: RegionLevel }[] = [];
    for (const duty of duties) {
      if (duty.region) places.push(duty.region);
      if (duty.lineStreetId !== null) places.push({ id: duty.lineStreetId, level: 'street' });
    }
    if (staff.region?.level === 'grid') places.push(staff.region);
    if (places.length === 0) return staff.region ? ofRegion(staff.region) : NOTHING;
    if (places.some((p) => p.level === 'district')) return { kind: 'all' };
    for (const level of ['street', 'community', 'grid'] as const) {
      const ids = [...new Set(places.filter((p) => p.level === level).map((p) => p.id))].sort((a, b) => a - b);
      if (ids.length) return { kind: level, regionIds: ids };
    }
    return NOTHING;
  }
  return staff.region ? ofRegion(staff.region) : { kind: 'all' };
}
