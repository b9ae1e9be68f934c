import type { ImportCaseField as CaseField, ImportMapping } from '../../contract';
import { toWgs84 } from '../geo/crs';
import { ZoneOffsets, parseDate } from './dates';
import { FirstRows } from './first-rows';
import { parsePoint, plausiblePoint } from './point-text';
import { PreparedRow, genericMessage, type ProblemLog } from './prepared-row';
import type { RegionMatcher } from './region-matcher';
import { isEmptyMarker, satisfactionFromWord, statusFromWord } from './value-words';

export interface CategoryRow { id: number; name: string; nameEn: string | null; level: number; handlingLimitDays: number | null }
export interface DepartmentRow { id: number; code: string; name: string }

export interface Lookups {
  categories: CategoryRow[];
  departments: DepartmentRow[];
  regions: RegionMatcher;
}

const DAY_MS = 86_400_000;
/** Title of a row that has no title, category or description: a case needs one, the row is still a case. */
export const UNTITLED = '（无标题）';

/**
 * Turns one row of cells into case values, logging each problem with its row, column and value.
 * Pure apart from the lookups: no database, no I/O, so it runs in the analysis job and in tests alike.
 */
export class RowPreparer {
  private readonly col: Partial<Record<CaseField, number>> = {};
  private readonly zone: ZoneOffsets;
  private readonly categoryByName = new Map<string, CategoryRow>();
  private readonly departmentByName = new Map<string, DepartmentRow>();
  private readonly firstRows = new FirstRows();
  /** Values that matched nothing, by field, with counts (for the value-mapping step). */
  readonly unmatchedValues = new Map<string, { field: 'status' | 'satisfaction' | 'category' | 'department'; value: string; count: number }>();
  readonly unmatchedRegions = new Map<string, { column: string; value: string; count: number }>();

  constructor(
    headers: string[],
    private readonly mapping: ImportMapping,
    private readonly lookups: Lookups,
    private readonly log: ProblemLog,
  ) {
    for (const [field, header] of Object.entries(mapping.columns) as [CaseField, string][]) {
      const index = headers.indexOf(header);
      if (index >= 0) this.col[field] = index;
    }
    this.zone = new ZoneOffsets(mapping.timeZone);
    // Minor classes win over major classes of the same name; Chinese and English names both count.
    for (const category of [...lookups.categories].sort((a, b) => a.level - b.level)) {
      this.categoryByName.set(category.name.trim().toLowerCase(), category);
      if (category.nameEn) this.categoryByName.set(category.nameEn.trim().toLowerCase(), category);
    }
    for (const department of lookups.departments) {
      this.departmentByName.set(department.name.trim().toLowerCase(), department);
      this.departmentByName.set(department.code.trim().toLowerCase(), department);
    }
  }

  has(field: CaseField): boolean {
    return this.col[field] !== undefined;
  }

  prepare(cells: string[], rowNo: number): PreparedRow {
    const row = new PreparedRow(rowNo);
    const get = (field: CaseField): string => {
      const i = this.col[field];
      const value = i === undefined ? '' : (cells[i] ?? '').trim();
      return isEmptyMarker(value) ? '' : value;
    };
    const problem = (field: CaseField | null, value: string | null, severity: 'warning' | 'error', code: string, detail?: string) =>
      this.log.add(row, {
        column: field ? this.mapping.columns[field] ?? null : null,
        value,
        severity,
        code,
        message: detail ?? genericMessage(code),
      });

    const externalNo = get('externalNo');
    if (this.has('externalNo')) {
      if (!externalNo) problem('externalNo', '', 'warning', 'missing_external_no');
      else {
        const first = this.firstRows.firstOrAdd(externalNo, rowNo);
        if (first !== undefined) problem('externalNo', externalNo, 'error', 'duplicate_in_file', `编号与第 ${first} 行重复`);
        row.externalNo = externalNo.slice(0, 64);
      }
    }

    const received = this.date('receivedAt', get('receivedAt'));
    if (received === undefined) problem('receivedAt', '', 'error', 'missing_received_at');
    else if (received === null) problem('receivedAt', get('receivedAt'), 'error', 'bad_date');
    else row.receivedAt = received;
    for (const field of ['closedAt', 'handlingDueAt'] as const) {
      const value = this.date(field, get(field));
      if (value === null) problem(field, get(field), 'warning', 'bad_date');
      else if (value !== undefined) row[field] = value;
    }
    if (row.closedAt !== null && received && row.closedAt < received) problem('closedAt', get('closedAt'), 'warning', 'closed_before_received');

    const category = this.category(get('category'), row, problem);
    const description = get('description');
    row.description = description ? description.slice(0, 5000) : null;
    // A title is derivable (category, then the description's start): its absence never refuses a row.
    let title = get('title') || get('category') || description.slice(0, 40);
    if (!title) {
      problem('title', '', 'warning', 'missing_title');
      title = UNTITLED;
    }
    row.title = title.slice(0, 200);
    row.address = get('address').slice(0, 300) || null;
    row.reporterName = get('reporterName').slice(0, 50) || null;
    row.reporterPhone = get('reporterPhone').slice(0, 30) || null;
    if (row.handlingDueAt === null && category?.handlingLimitDays && received) {
      // Natural days: the working-day calendar belongs to the workflow engine, which recomputes on its first event.
      row.handlingDueAt = received + category.handlingLimitDays * DAY_MS;
    }

    this.status(get('status'), row, problem);
    const satisfaction = get('satisfaction');
    if (satisfaction) {
      row.satisfaction = this.mapping.valueMaps.satisfaction[satisfaction] ?? satisfactionFromWord(satisfaction);
      if (!row.satisfaction) {
        this.noteValue('satisfaction', satisfaction);
        problem('satisfaction', satisfaction, 'warning', 'unknown_satisfaction');
      }
    }
    const department = get('department');
    if (department) {
      const mapped = this.mapping.valueMaps.department[department];
      const found = mapped !== undefined ? mapped : this.departmentByName.get(department.toLowerCase())?.id;
      if (found === undefined) {
        this.noteValue('department', department);
        problem('department', department, 'warning', 'unknown_department');
      } else row.departmentId = found;
    }

    this.coordinates(get('lng'), get('lat'), row, problem);
    if (row.sourceLng === null && this.has('point')) this.point(get('point'), row, problem);
    if (this.has('street') || this.has('community') || this.has('grid')) {
      const values = { street: get('street'), community: get('community'), grid: get('grid') };
      if (values.street || values.community || values.grid) {
        const match = this.lookups.regions.match(values);
        for (const level of match.unmatched) {
          const column = this.mapping.columns[level]!;
          const key = `${column}\u0001${values[level]}`;
          const entry = this.unmatchedRegions.get(key);
          if (entry) entry.count++;
          else this.unmatchedRegions.set(key, { column, value: values[level], count: 1 });
          problem(level, values[level], 'warning', 'unmatched_region');
        }
        if (match.gridId !== null || match.communityId !== null || match.streetId !== null) row.namedGrid = match;
      }
    }
    return row;
  }

  /** undefined: empty cell; null: not a date in the column's format. */
  private date(field: 'receivedAt' | 'closedAt' | 'handlingDueAt', value: string): number | null | undefined {
    if (!value) return undefined;
    const format = this.mapping.dateFormats[field] ?? 'ymd';
    return parseDate(value, format, this.zone);
  }

  private category(value: string, row: PreparedRow, problem: (f: CaseField, v: string, s: 'warning', c: string) => void): CategoryRow | undefined {
    if (!value) return undefined;
    const mapped = this.mapping.valueMaps.category[value];
    if (mapped !== undefined) {
      row.categoryId = mapped;
      return this.lookups.categories.find((c) => c.id === mapped);
    }
    const found = this.categoryByName.get(value.toLowerCase());
    if (!found) {
      this.noteValue('category', value);
      problem('category', value, 'warning', 'unknown_category');
      return undefined;
    }
    row.categoryId = found.id;
    return found;
  }

  private status(value: string, row: PreparedRow, problem: (f: CaseField, v: string, s: 'warning', c: string) => void): void {
    const word = value ? this.mapping.valueMaps.status[value] ?? statusFromWord(value) : null;
    if (value && !word) {
      this.noteValue('status', value);
      problem('status', value, 'warning', 'unknown_status');
    }
    // A closing time is the strongest evidence: the case is closed whatever the status column says.
    if (row.closedAt !== null) row.status = 'closed';
    else if (word === 'closed') {
      row.status = 'closed';
      if (this.has('closedAt')) problem('closedAt', '', 'warning', 'closed_without_time');
    } else row.status = word ?? 'received';
  }

  private coordinates(lngText: string, latText: string, row: PreparedRow, problem: (f: CaseField, v: string, s: 'warning', c: string) => void): void {
    if (!lngText && !latText) return;
    let lng = Number(lngText);
    let lat = Number(latText);
    if (lngText && latText && !plausiblePoint(lng, lat) && Math.abs(lat) > 90 && plausiblePoint(lat, lng)) {
      // A "latitude" beyond 90 that would be a fine longitude, and the other way round: the columns are swapped.
      problem('lat', `${lngText}, ${latText}`, 'warning', 'swapped_coordinates');
      [lng, lat] = [lat, lng];
    } else if (!lngText || !latText || !plausiblePoint(lng, lat)) {
      // Not given up yet: a point column, the region names and the address are tried after this.
      problem(lngText ? 'lat' : 'lng', `${lngText}, ${latText}`, 'warning', 'bad_coordinates');
      return;
    }
    this.setPoint(lng, lat, row);
  }

  private point(text: string, row: PreparedRow, problem: (f: CaseField, v: string, s: 'warning', c: string) => void): void {
    if (!text) return;
    const point = parsePoint(text);
    if (point) this.setPoint(point[0], point[1], row);
    else problem('point', text, 'warning', 'bad_coordinates');
  }

  private setPoint(lng: number, lat: number, row: PreparedRow): void {
    row.sourceCrs = this.mapping.crs;
    row.sourceLng = lng;
    row.sourceLat = lat;
    [row.lng, row.lat] = toWgs84(lng, lat, this.mapping.crs);
  }

  private noteValue(field: 'status' | 'satisfaction' | 'category' | 'department', value: string): void {
    const key = `${field}\u0001${value}`;
    const entry = this.unmatchedValues.get(key);
    if (entry) entry.count++;
    else this.unmatchedValues.set(key, { field, value, count: 1 });
  }
}
