// Street lines (街巷): drawn on the map or imported from a line file, each in the street that holds
// its midpoint, each with a street-and-alley chief (街巷长) whose duty is recorded in duty_assignments.
import type { Geometry, StreetImportReport, StreetLine } from '../../contract';
import { AppError } from '../shared/app-error';
import { pointInGeometry } from '../geo/point-in-polygon';
import { metresPerDegree, type Pt } from '../geo/polygon-math';
import { looksLikeDegrees } from '../geo/projections';
import { readBoundaryFile } from '../grids/boundary-reader';
import { mapGeometry, settleSystem } from '../grids/grid-import.service';
import type { GridRepository, RegionGeoRow } from '../grids/grid.repository';
import type { NewStreetLine, StreetRepository } from './street.repository';

export class StreetService {
  constructor(
    private readonly repo: StreetRepository,
    private readonly regions: GridRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  list(): StreetLine[] {
    return this.repo.list();
  }

  draw(name: string, line: Pt[], chiefStaffId: number | null): StreetLine {
    if (chiefStaffId !== null) this.staff(chiefStaffId);
    const geometry: Geometry = { type: 'LineString', coordinates: line };
    if (lengthM(geometry) < 1) throw new AppError('street_line', `${name}：街巷线太短（不足 1 米）`);
    const streets = this.regions.regions(['street']);
    const street = streetOf(geometry, streets);
    const [id] = this.repo.save([{
      code: this.nextCode(street?.code ?? null, new Set()), name: name.trim(), streetId: street?.id ?? null, geometry,
      lengthM: round1(lengthM(geometry)), chiefStaffId, provenance: 'user',
    }], this.clock());
    return this.one(id!);
  }

  async import(input: { fileName: string; bytes: Uint8Array; nameField: string; codeField: string | null; crs: string | null }): Promise<StreetImportReport> {
    const file = await readBoundaryFile(input.fileName, input.bytes, 'line');
    if (!file.features.length) throw new AppError('boundary_empty', `${input.fileName}：文件中没有线要素（LineString）`);
    const system = settleSystem(file, input.crs);
    const streets = this.regions.regions(['street']);
    const refused: StreetImportReport['refused'] = [];
    const lines: NewStreetLine[] = [];
    const used = new Set<string>();
    let withoutStreet = 0;
    for (const f of file.features) {
      const geometry = system ? mapGeometry(f.geometry, system.transform) : f.geometry;
      const name = String(f.properties[input.nameField] ?? '').trim();
      if (!name) {
        refused.push({ feature: f.index, reason: `第 ${f.index} 个要素的「${input.nameField}」为空` });
        continue;
      }
      const coords = geometry.type === 'LineString' ? geometry.coordinates : geometry.type === 'MultiLineString' ? geometry.coordinates.flat() : [];
      if (!looksLikeDegrees([Math.min(...coords.map((p) => p[0])), Math.min(...coords.map((p) => p[1])), Math.max(...coords.map((p) => p[0])), Math.max(...coords.map((p) => p[1]))])) {
        throw new AppError('crs_not_degrees', `${input.fileName}：第 ${f.index} 个要素（${name}）的坐标不是经纬度，请指定坐标系`);
      }
      const street = streetOf(geometry, streets);
      if (!street) withoutStreet++;
      const given = input.codeField ? String(f.properties[input.codeField] ?? '').trim() : '';
      const code = given || this.nextCode(street?.code ?? null, used);
      if (used.has(code)) {
        refused.push({ feature: f.index, reason: `${name}：代码 ${code} 在文件中重复` });
        continue;
      }
      used.add(code);
      lines.push({ code, name, streetId: street?.id ?? null, geometry, lengthM: round1(lengthM(geometry)), chiefStaffId: null, provenance: 'imported' });
    }
    const existing = lines.filter((l) => this.repo.idByCode(l.code) !== undefined).length;
    const ids = this.repo.save(lines, this.clock());
    return {
      fileName: input.fileName, features: file.features.length + file.skipped, inserted: lines.length - existing, updated: existing,
      refused: [...refused, ...(file.skipped ? [{ feature: 0, reason: `${file.skipped} 个要素不是线，已跳过` }] : [])],
      withoutStreet, ids,
    };
  }

  assignChief(lineId: number, staffId: number | null): StreetLine {
    this.one(lineId);
    if (staffId !== null) this.staff(staffId);
    this.repo.assignChief(lineId, staffId, this.clock());
    return this.one(lineId);
  }

  private one(id: number): StreetLine {
    const line = this.repo.list(id)[0];
    if (!line) throw new AppError('not_found', `没有 id 为 ${id} 的街巷`);
    return line;
  }

  private staff(id: number): void {
    if (!this.repo.activeStaff(id)) throw new AppError('not_found', `没有 id 为 ${id} 的在岗人员`);
  }

  /** The street's code + L + two-digit serial, as the demo numbers them; a user code without a street. */
  private nextCode(streetCode: string | null, used: Set<string>): string {
    const prefix = `${streetCode ?? 'JX'}L`;
    const taken = this.repo.codesLike(prefix);
    for (let n = 1; ; n++) {
      const code = prefix + String(n).padStart(2, '0');
      if (!taken.has(code) && !used.has(code)) return code;
    }
  }
}

/** The street holding the line's middle vertex (a line along a street boundary goes to either). */
function streetOf(line: Geometry, streets: RegionGeoRow[]): RegionGeoRow | undefined {
  const coords = line.type === 'LineString' ? line.coordinates : line.type === 'MultiLineString' ? line.coordinates.flat() : [];
  if (!coords.length) return undefined;
  const a = coords[Math.floor((coords.length - 1) / 2)]!;
  const b = coords[Math.ceil((coords.length - 1) / 2)]!;
  const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  return streets.find((s) => pointInGeometry(mid[0], mid[1], s.geometry));
}

export function lengthM(line: Geometry): number {
  const parts = line.type === 'LineString' ? [line.coordinates] : line.type === 'MultiLineString' ? line.coordinates : [];
  let total = 0;
  for (const part of parts) {
    for (let i = 1; i < part.length; i++) {
      const m = metresPerDegree((part[i]![1] + part[i - 1]![1]) / 2);
      total += Math.hypot((part[i]![0] - part[i - 1]![0]) * m.x, (part[i]![1] - part[i - 1]![1]) * m.y);
    }
  }
  return total;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
