/**
 * Departments, staff and duty assignments of the demo (all names and phone numbers generated).
 * Ids are assigned here in insertion order, so cases can refer to them without reading them back.
 */
import { mobilePhone, officePhone, personName, uniqueName } from './names';
import { PLANTED_PATTERNS } from './patterns';
import type { Places } from './places';
import type { Rng } from './rng';
import { DEPARTMENTS, type DepartmentKind } from './taxonomy';
import { DAY } from './time';

export type StaffRole = 'operator' | 'dispatcher' | 'grid_worker' | 'street_chief' | 'alley_steward'
  | 'department_staff' | 'leader' | 'analyst' | 'admin';

export interface DepartmentRow {
  id: number;
  code: string;
  name: string;
  kind: DepartmentKind;
  phone: string;
}
export interface StaffRow {
  id: number;
  code: string;
  name: string;
  role: StaffRole;
  phone: string;
  departmentId: number;
  regionId: number | null;
  active: 0 | 1;
  createdAt: number;
}
export interface DutyRow {
  id: number;
  staffId: number;
  duty: 'grid_worker' | 'street_chief' | 'alley_steward';
  regionId: number | null;
  streetLineId: number | null;
  since: number;
  until: number | null;
}
/** Who was on duty on a grid, and when. */
export interface Shift {
  staff: StaffRow;
  since: number;
  until: number | null;
}
export interface StreetTeam {
  office: DepartmentRow;
  operators: StaffRow[];
  dispatchers: StaffRow[];
  officers: StaffRow[];
  leader: StaffRow;
}

export interface People {
  departments: DepartmentRow[];
  departmentByCode: Map<string, DepartmentRow>;
  staff: StaffRow[];
  duties: DutyRow[];
  center: { department: DepartmentRow; operators: StaffRow[]; dispatchers: StaffRow[] };
  streets: Map<string, StreetTeam>;
  departmentStaff: Map<number, StaffRow[]>;
  shifts: Map<number, Shift[]>;
}

/** Region ids by code; line ids by code (the builder inserts in this order). */
export interface Ids {
  region: Map<string, number>;
  line: Map<string, number>;
}

export function buildPeople(places: Places, ids: Ids, rng: Rng, periodStart: number): People {
  const usedNames = new Set<string>();
  const usedPhones = new Set<string>();
  const departments: DepartmentRow[] = DEPARTMENTS.map((d, i) => ({ id: i + 1, ...d, phone: officePhone(rng) }));
  for (const street of places.streets) {
    departments.push({ id: departments.length + 1, code: `S${street.code}`, name: `${street.name}办事处`, kind: 'street_office', phone: officePhone(rng) });
  }
  const centerDept: DepartmentRow = {
    id: departments.length + 1, code: `C${places.district.code}`, name: `${places.district.name}网格化服务管理中心`, kind: 'center', phone: officePhone(rng),
  };
  departments.push(centerDept);
  const departmentByCode = new Map(departments.map((d) => [d.code, d]));

  const staff: StaffRow[] = [];
  const counters = new Map<string, number>();
  const hireBefore = periodStart - 30 * DAY;
  const add = (role: StaffRole, prefix: string, departmentId: number, regionId: number | null): StaffRow => {
    const serial = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, serial);
    const row: StaffRow = {
      id: staff.length + 1, code: `${prefix}${String(serial).padStart(4, '0')}`, role,
      name: uniqueName(rng, usedNames, personName), phone: uniqueName(rng, usedPhones, mobilePhone),
      departmentId, regionId, active: 1, createdAt: hireBefore - rng.int(0, 900) * DAY,
    };
    staff.push(row);
    return row;
  };

  const districtId = ids.region.get(places.district.code)!;
  const center = {
    department: centerDept,
    operators: [1, 2, 3, 4].map(() => add('operator', 'OP', centerDept.id, districtId)),
    dispatchers: [1, 2].map(() => add('dispatcher', 'DS', centerDept.id, districtId)),
  };
  add('leader', 'LD', centerDept.id, districtId);
  add('leader', 'LD', centerDept.id, districtId);
  [1, 2, 3].forEach(() => add('analyst', 'AN', centerDept.id, districtId));
  add('admin', 'AD', centerDept.id, districtId);

  const streets = new Map<string, StreetTeam>();
  for (const street of places.streets) {
    const office = departmentByCode.get(`S${street.code}`)!;
    const regionId = ids.region.get(street.code)!;
    streets.set(street.code, {
      office,
      operators: [1, 2].map(() => add('operator', 'OP', office.id, regionId)),
      dispatchers: [add('dispatcher', 'DS', office.id, regionId)],
      officers: [1, 2].map(() => add('department_staff', 'DP', office.id, regionId)),
      leader: add('leader', 'LD', office.id, regionId),
    });
    add('analyst', 'AN', office.id, regionId);
  }

  const departmentStaff = new Map<number, StaffRow[]>();
  for (const dept of departments.filter((d) => d.kind === 'functional' || d.kind === 'public_service')) {
    departmentStaff.set(dept.id, [1, 2, 3, 4].map(() => add('department_staff', 'DP', dept.id, null)));
  }
  for (const team of streets.values()) departmentStaff.set(team.office.id, team.officers);

  const duties: DutyRow[] = [];
  const duty = (row: Omit<DutyRow, 'id'>) => duties.push({ id: duties.length + 1, ...row });
  const shifts = new Map<number, Shift[]>();
  const uncovered = new Set<string>(PLANTED_PATTERNS.uncoveredGrids);
  for (const street of places.streets) {
    const officeId = streets.get(street.code)!.office.id;
    for (const community of street.communities) {
      for (const grid of community.grids) {
        const gridId = ids.region.get(grid.code)!;
        const first = add('grid_worker', 'GW', officeId, gridId);
        const since = first.createdAt;
        const list: Shift[] = [];
        // Some grids changed hands during the year; the planted ones lost their worker for good.
        const changes = uncovered.has(grid.code) || rng.chance(0.02);
        const until = changes ? periodStart + rng.int(120, 320) * DAY : null;
        if (until !== null) first.active = 0;
        list.push({ staff: first, since, until });
        duty({ staffId: first.id, duty: 'grid_worker', regionId: gridId, streetLineId: null, since, until });
        if (until !== null && !uncovered.has(grid.code)) {
          const next = add('grid_worker', 'GW', officeId, gridId);
          next.createdAt = until;
          const start = until + rng.int(1, 10) * DAY;
          list.push({ staff: next, since: start, until: null });
          duty({ staffId: next.id, duty: 'grid_worker', regionId: gridId, streetLineId: null, since: start, until: null });
        }
        shifts.set(gridId, list);
      }
    }
    for (const line of street.lines) {
      const chief = add('street_chief', 'SC', officeId, ids.region.get(street.code)!);
      duty({ staffId: chief.id, duty: 'street_chief', regionId: null, streetLineId: ids.line.get(line.code)!, since: chief.createdAt, until: null });
    }
    const steward = add('alley_steward', 'AS', officeId, ids.region.get(street.code)!);
    const line = street.lines[0];
    if (line) {
      duty({
        staffId: steward.id, duty: 'alley_steward', regionId: ids.region.get(street.code)!,
        streetLineId: ids.line.get(line.code)!, since: steward.createdAt, until: null,
      });
    }
  }
  for (const code of uncovered) if (!ids.region.has(code)) throw new Error(`Planted uncovered grid ${code} does not exist`);
  return { departments, departmentByCode, staff, duties, center, streets, departmentStaff, shifts };
}

/** The grid worker on duty on `gridId` at time `at`, if anyone was. */
export function onDuty(people: People, gridId: number, at: number): StaffRow | undefined {
  for (const shift of people.shifts.get(gridId) ?? []) {
    if (shift.since <= at && (shift.until === null || at < shift.until)) return shift.staff;
  }
  return undefined;
}

/** Chief of each street line, by line code (the first street_chief duty on it). */
export function chiefsByLine(people: People, ids: Ids): Map<string, number> {
  const byLineId = new Map<number, number>();
  for (const d of people.duties) if (d.duty === 'street_chief' && d.streetLineId !== null) byLineId.set(d.streetLineId, d.staffId);
  const result = new Map<string, number>();
  for (const [code, id] of ids.line) if (byLineId.has(id)) result.set(code, byLineId.get(id)!);
  return result;
}
