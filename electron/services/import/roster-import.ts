import type { ImportTableOptions, ImportResult, RosterColumns, RosterReport, RosterTarget } from '../../contract';
import { AppError } from '../shared/app-error';
import type { FileRef } from './file-ref';
import { maskPhone } from '../cases/personal-data';
import { normaliseHeader, suggestColumns } from './field-suggestions';
import { ProblemLog, genericMessage } from './prepared-row';
import { DUTY_ROLES, ROSTER_REQUIRED, ROSTER_WORDS, roleFromWord } from './roster-fields';
import type { GridRow, GridWrite, RosterRepository, StaffWrite } from './roster.repository';
import { inspectTable, readRows, type TableInfo } from './table-reader';

interface Checked<W> { report: RosterReport; writes: W[] }
interface RowState { rowNo: number; warned: boolean; refused: boolean }

const MOBILE = /^1\d{10}$/;
const LANDLINE = /^(0\d{2,3}-?)?\d{7,8}(-\d{1,5})?$/;

/**
 * Staff lists and grid lists from spreadsheets, through the same wizard as cases: the same table
 * reading (encodings, sheets, header row), a row/column report, one all-or-nothing transaction.
 * Staff are matched by code or by name + phone; grids only by code, and only existing grids are
 * updated (outlines come from the grid boundary import). Lists are small, so a commit simply
 * checks the file again instead of keeping a job.
 */
export class RosterImport {
  constructor(
    private readonly repo: RosterRepository,
    private readonly resolve: (ref: FileRef) => { file: string; fileName: string },
    private readonly clock: () => number = Date.now,
    /** Deletes a staged file once its import is over (committed or failed), or, with the error, once it proved unreadable. */
    private readonly release: (file: string, error?: unknown) => void = () => undefined,
  ) {}

  inspect(ref: FileRef, options: ImportTableOptions, target: RosterTarget): { table: TableInfo; columns: RosterColumns } {
    const { file, fileName } = this.resolve(ref);
    const table = this.table(file, fileName, options);
    return { table, columns: suggestColumns(table.headers, ROSTER_WORDS[target]) as RosterColumns };
  }

  async validate(ref: FileRef, options: ImportTableOptions, target: RosterTarget, columns: RosterColumns): Promise<RosterReport> {
    return (await this.check(ref, options, target, columns)).report;
  }

  async commit(
    ref: FileRef, options: ImportTableOptions, target: RosterTarget, columns: RosterColumns, actorName: string, actorStaffId: number | null = null,
  ): Promise<{ report: RosterReport; result: ImportResult }> {
    const startedAt = this.clock();
    const { file, fileName } = this.resolve(ref);
    try {
      return await this.write(file, fileName, options, target, columns, { name: actorName, staffId: actorStaffId }, startedAt);
    } finally {
      this.release(file);
    }
  }

  private async write(
    file: string, fileName: string, options: ImportTableOptions, target: RosterTarget, columns: RosterColumns,
    actor: { name: string; staffId: number | null }, startedAt: number,
  ): Promise<{ report: RosterReport; result: ImportResult }> {
    const table = this.table(file, fileName, options);
    const checked = target === 'staff' ? await this.checkStaff(file, fileName, table, columns) : await this.checkGrids(file, fileName, table, columns);
    const { report } = checked;
    const batch = {
      fileName, encoding: table.encoding, sheet: table.sheet, mapping: JSON.stringify({ target, columns }), rowsTotal: report.rowsTotal,
      refused: report.refused, actorName: actor.name, actorStaffId: actor.staffId, startedAt, now: this.clock(),
    };
    const written = target === 'staff'
      ? this.repo.commitStaff(batch, checked.writes as StaffWrite[])
      : this.repo.commitGrids(batch, checked.writes as GridWrite[]);
    return { report, result: { ...written, unchanged: report.unchanged, refused: report.refused, rowsTotal: report.rowsTotal } };
  }

  private async check(ref: FileRef, options: ImportTableOptions, target: RosterTarget, columns: RosterColumns): Promise<Checked<StaffWrite | GridWrite>> {
    const { file, fileName } = this.resolve(ref);
    const table = this.table(file, fileName, options);
    return target === 'staff' ? this.checkStaff(file, fileName, table, columns) : this.checkGrids(file, fileName, table, columns);
  }

  private table(file: string, fileName: string, options: ImportTableOptions): TableInfo {
    try {
      return inspectTable(file, options, fileName);
    } catch (error) {
      this.release(file, error);
      throw error;
    }
  }

  private async checkStaff(file: string, fileName: string, table: TableInfo, columns: RosterColumns): Promise<Checked<StaffWrite>> {
    const grids = this.repo.regions().filter((r) => r.level === 'grid');
    const gridByCode = new Map(grids.map((g) => [g.code, g]));
    const gridByName = uniqueBy(grids, (g) => g.name);
    const departments = this.repo.departments();
    const departmentByWord = new Map<string, number>();
    for (const d of departments) {
      departmentByWord.set(d.name.trim(), d.id);
      departmentByWord.set(d.code.trim(), d.id);
    }
    const staff = this.repo.staff();
    const byCode = new Map(staff.map((s) => [s.code, s]));
    const byPerson = new Map(staff.map((s) => [personKey(s.name, s.phone), s]));
    const seen = new Map<string, number>();
    const writes: StaffWrite[] = [];
    let unchanged = 0;
    const report = await this.read(file, fileName, table, 'staff', columns, (get, row, problem) => {
      const name = get('name');
      const roleWord = get('role');
      const phone = get('phone').replace(/\s+/g, '') || null;
      const code = get('code') || null;
      if (!name) problem('name', '', 'error', 'missing_name');
      const role = roleWord ? roleFromWord(roleWord) : null;
      if (!roleWord) problem('role', '', 'error', 'missing_role');
      else if (!role) problem('role', roleWord, 'error', 'unknown_role', `角色“${roleWord}”无法识别（可用：网格员、街巷长、小巷管家、值班员、派遣员、部门人员、领导、分析员、管理员）`);
      if (phone && !MOBILE.test(phone) && !LANDLINE.test(phone)) problem('phone', maskPhone(phone), 'warning', 'bad_phone');
      let regionId: number | null = null;
      const gridWord = get('grid');
      if (gridWord) {
        const grid = gridByCode.get(gridWord) ?? gridByName.get(gridWord);
        if (!grid) problem('grid', gridWord, 'error', 'unknown_grid');
        else regionId = grid.id;
      }
      let departmentId: number | null = null;
      const departmentWord = get('department');
      if (departmentWord) {
        departmentId = departmentByWord.get(departmentWord) ?? null;
        if (departmentId === null) problem('department', departmentWord, 'warning', 'unknown_department');
      }
      const key = code ? `code\u0001${code}` : personKey(name, phone);
      const first = seen.get(key);
      if (first !== undefined) problem(code ? 'code' : 'name', code ?? name, 'error', 'duplicate_person', `与第 ${first} 行是同一人`);
      else seen.set(key, row.rowNo);
      if (row.refused || !role) return;
      const existing = (code ? byCode.get(code) : undefined) ?? byPerson.get(personKey(name, phone));
      const write: StaffWrite = { existingId: existing?.id ?? null, code, name, role, phone, departmentId, regionId, duty: DUTY_ROLES.has(role) };
      if (existing && existing.name === name && existing.role === role && digits(existing.phone) === digits(phone) && existing.departmentId === departmentId && existing.regionId === regionId) {
        unchanged++;
        return;
      }
      writes.push(write);
    });
    return { report: { ...report, ...counts(writes, unchanged) }, writes };
  }

  private async checkGrids(file: string, fileName: string, table: TableInfo, columns: RosterColumns): Promise<Checked<GridWrite>> {
    const regions = this.repo.regions();
    const byCode = new Map(regions.map((r) => [r.code, r]));
    const seen = new Map<string, number>();
    const writes: GridWrite[] = [];
    let unchanged = 0;
    const report = await this.read(file, fileName, table, 'grids', columns, (get, row, problem) => {
      const code = get('code');
      let grid: GridRow | undefined;
      if (!code) problem('code', '', 'error', 'missing_code');
      else {
        grid = byCode.get(code);
        if (!grid || grid.level !== 'grid') problem('code', code, 'error', 'unknown_grid_code');
        const first = seen.get(code);
        if (first !== undefined) problem('code', code, 'error', 'duplicate_in_file', `编码与第 ${first} 行重复`);
        else seen.set(code, row.rowNo);
      }
      const community = get('community');
      if (grid && community && grid.community && community !== grid.community) problem('community', community, 'warning', 'community_mismatch', `所属社区应为“${grid.community}”，以区域树为准`);
      const households = count(get('households'), () => problem('households', get('households'), 'warning', 'bad_number'));
      const population = count(get('population'), () => problem('population', get('population'), 'warning', 'bad_number'));
      let centroid: [number, number] | null = null;
      if (get('lng') || get('lat')) {
        const [lng, lat] = [Number(get('lng')), Number(get('lat'))];
        if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) problem('lng', `${get('lng')}, ${get('lat')}`, 'warning', 'bad_coordinates');
        else centroid = [lng, lat];
      }
      if (row.refused || !grid) return;
      // A grid with an outline keeps the centre computed from it.
      if (grid.hasGeometry) centroid = null;
      const write: GridWrite = {
        id: grid.id, name: get('name') || grid.name, households: households === undefined ? grid.households : households,
        population: population === undefined ? grid.population : population, centroid,
      };
      const same = write.name === grid.name && write.households === grid.households && write.population === grid.population
        && (centroid === null || (centroid[0] === grid.centroidLng && centroid[1] === grid.centroidLat));
      if (same) unchanged++;
      else writes.push(write);
    });
    return { report: { ...report, toInsert: 0, toUpdate: writes.length, unchanged }, writes };
  }

  /** Reads every row, calling `check` with a cell getter and a problem logger; the report without the matching counts. */
  private async read(
    file: string, fileName: string, table: TableInfo, target: RosterTarget, columns: RosterColumns,
    check: (get: (field: string) => string, row: RowState, problem: (field: string, value: string | null, severity: 'warning' | 'error', code: string, message?: string) => void) => void,
  ): Promise<Omit<RosterReport, 'toInsert' | 'toUpdate' | 'unchanged'>> {
    const known = Object.keys(ROSTER_WORDS[target]);
    const index: Record<string, number> = {};
    for (const [field, header] of Object.entries(columns)) {
      if (!known.includes(field)) throw new AppError('invalid_mapping', `未知字段 ${field}`);
      const i = table.headers.indexOf(header);
      if (i < 0) throw new AppError('invalid_mapping', `${fileName}: 找不到列“${header}”`);
      index[field] = i;
    }
    const missing = ROSTER_REQUIRED[target].filter((field) => index[field] === undefined);
    if (missing.length) throw new AppError('invalid_mapping', `${fileName}: 必须指定列：${missing.join('、')}`);
    const log = new ProblemLog();
    let rowsTotal = 0;
    let warnings = 0;
    let refused = 0;
    for await (const batch of readRows(file, table, undefined, fileName)) {
      batch.rows.forEach((cells, k) => {
        if (cells.every((cell) => cell.trim() === '')) return;
        rowsTotal++;
        const row: RowState = { rowNo: batch.firstRowNo + k, warned: false, refused: false };
        const get = (field: string) => (index[field] === undefined ? '' : (cells[index[field]!] ?? '').trim());
        check(get, row, (field, value, severity, code, message) =>
          log.add(row, { column: columns[field] ?? null, value, severity, code, message: message ?? genericMessage(code) }));
        if (row.refused) refused++;
        else if (row.warned) warnings++;
      });
    }
    return {
      target, fileName, columns: Object.entries(columns).map(([field, header]) => ({ field, header })), rowsTotal,
      ready: rowsTotal - warnings - refused, warnings, refused,
      reasons: [...log.reasons.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1)),
      problems: log.details.slice(0, 500), problemsTotal: log.total,
    };
  }
}

function digits(phone: string | null): string {
  return (phone ?? '').replace(/\D/g, '');
}

function personKey(name: string, phone: string | null): string {
  return `${normaliseHeader(name)}\u0001${digits(phone)}`;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  const twice = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (map.has(k)) twice.add(k);
    map.set(k, item);
  }
  for (const k of twice) map.delete(k);
  return map;
}

/** A non-negative whole number ("1,234", "356户"), undefined when empty; `bad` is told otherwise. */
function count(text: string, bad: () => void): number | undefined {
  if (!text) return undefined;
  const cleaned = text.replace(/[,，\s]|[户人口]$/g, '');
  const n = Number(cleaned);
  if (!/^\d+(\.0+)?$/.test(cleaned) || !Number.isSafeInteger(Math.round(n))) {
    bad();
    return undefined;
  }
  return Math.round(n);
}

function counts(writes: StaffWrite[], unchanged: number): { toInsert: number; toUpdate: number; unchanged: number } {
  const toInsert = writes.filter((w) => w.existingId === null).length;
  return { toInsert, toUpdate: writes.length - toInsert, unchanged };
}
