// Boundary import: read the file, settle its coordinate system (refusing what is not degrees
// unless the user names the system), assign parents by containment, write all in one transaction.
import crypto from 'node:crypto';
import Flatbush from 'flatbush';
import type { BoundaryInspection, Geometry, GridImportReport, RegionLevel } from '../../contract';
import { AppError } from '../shared/app-error';
import { pointInGeometry } from '../geo/point-in-polygon';
import { areaM2, bboxOf, centroidOf, interiorPoint, polygonsOf, type BBox4 } from '../geo/polygon-math';
import {
  EPSG_DEFINITIONS, describeRange, looksLikeDegrees, systemByName, systemFromWkt, type NamedSystem,
} from '../geo/projections';
import { describeProperties, readBoundaryFile, type BoundaryFile } from './boundary-reader';
import type { GridRepository, NewRegion, RegionGeoRow } from './grid.repository';
import { checkTopology } from './topology';

const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = { district: null, street: 'district', community: 'street', grid: 'community' };

export interface ImportOptions {
  fileName: string;
  bytes: Uint8Array;
  level: RegionLevel;
  nameField: string;
  codeField: string | null;
  crs: string | null;
}

export class GridImportService {
  constructor(
    private readonly repo: GridRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  async inspect(fileName: string, bytes: Uint8Array): Promise<BoundaryInspection> {
    const file = await readBoundaryFile(fileName, bytes);
    const bbox = rawBBox(file);
    const degrees = looksLikeDegrees(bbox);
    const props = describeProperties(file.features);
    return {
      fileName, format: file.format, featureCount: file.features.length, skipped: file.skipped, ...props,
      declaredCrs: file.declaredCrs ? (file.declaredCrs.kind === 'code' ? file.declaredCrs.value : 'prj') : null,
      bbox, degrees, candidates: degrees || file.declaredCrs ? [] : candidates(bbox),
    };
  }

  async import(options: ImportOptions): Promise<GridImportReport> {
    const { fileName, level } = options;
    const file = await readBoundaryFile(fileName, options.bytes);
    if (!file.features.length) throw new AppError('boundary_empty', `${fileName}：文件中没有多边形要素`);
    const system = settleSystem(file, options.crs);
    const features = file.features.map((f) => ({ ...f, geometry: system ? mapGeometry(f.geometry, system.transform) : f.geometry }));
    const bbox = bboxOfAll(features.map((f) => f.geometry));
    if (!looksLikeDegrees(bbox)) {
      throw new AppError('crs_conversion_failed', `${fileName}：按 ${system?.name} 转换后坐标仍不是经纬度（${describeRange(bbox)}），请检查坐标系`);
    }
    const known = new Set(file.features.flatMap((f) => Object.keys(f.properties)));
    for (const field of [options.nameField, options.codeField]) {
      if (field && !known.has(field)) {
        throw new AppError('boundary_field', `${fileName}：没有字段「${field}」（有：${[...known].join(', ')}）`);
      }
    }
    const parentLevel = PARENT_LEVEL[level];
    const parents = parentLevel ? this.repo.regions([parentLevel]) : [];
    const finder = parentFinder(parents);
    const now = this.clock();
    const refused: GridImportReport['refused'] = [];
    const inserts: NewRegion[] = [];
    const updates: (NewRegion & { id: number })[] = [];
    const withoutParent: string[] = [];
    const usedCodes = new Set<string>();
    for (const f of features) {
      const name = String(f.properties[options.nameField] ?? '').trim();
      if (!name) {
        refused.push({ feature: f.index, reason: `第 ${f.index} 个要素的「${options.nameField}」为空` });
        continue;
      }
      const parent = finder(f.geometry);
      if (parentLevel && !parent) withoutParent.push(name);
      let code = options.codeField ? String(f.properties[options.codeField] ?? '').trim() : '';
      if (options.codeField && !code) {
        refused.push({ feature: f.index, reason: `${name}：「${options.codeField}」为空` });
        continue;
      }
      // Provisional, as for a drawn grid: a guessed DB11 serial could name another desk's region.
      if (!code) code = this.repo.provisionalCode(parent?.code ?? 'IMP', usedCodes);
      if (usedCodes.has(code)) {
        refused.push({ feature: f.index, reason: `${name}：代码 ${code} 在文件中重复` });
        continue;
      }
      usedCodes.add(code);
      const row: NewRegion = {
        parentId: parent?.id ?? null, level, code, name, geometry: f.geometry,
        bbox: bboxOf(f.geometry), centroid: interiorPointOrCentroid(f.geometry), areaM2: Math.round(areaM2(f.geometry)),
      };
      const existing = this.repo.byCode(code);
      if (existing && existing.level !== level) {
        refused.push({ feature: f.index, reason: `${name}：代码 ${code} 已被另一层级的区域使用` });
        continue;
      }
      if (existing) updates.push({ ...row, id: existing.id });
      else inserts.push(row);
    }
    const mapping = JSON.stringify({ level, nameField: options.nameField, codeField: options.codeField, crs: system?.name ?? null });
    const sha256 = crypto.createHash('sha256').update(options.bytes).digest('hex');
    const { batchId, ids } = this.repo.commitImport(
      { fileName, sha256, mapping, total: file.features.length, inserted: inserts.length, updated: updates.length, refused: refused.length, at: now },
      inserts, updates,
    );
    const imported = new Set(ids);
    const scope = this.repo.regions([level, ...(parentLevel ? [parentLevel] : [])])
      .filter((r) => imported.has(r.id) || (r.level === parentLevel && [...inserts, ...updates].some((x) => x.parentId === r.id)));
    const problems = checkTopology(scope);
    return {
      batchId, fileName, format: file.format, level, convertedFrom: system?.name ?? null,
      features: file.features.length, inserted: inserts.length, updated: updates.length, refused,
      skippedNonPolygon: file.skipped, parentsFound: inserts.length + updates.length - withoutParent.length,
      withoutParent, regionIds: ids, bbox,
      topology: { checkedRegions: scope.length, counts: countKinds(problems), problems },
    };
  }

}

/** The system to convert from (undefined: already WGS84), or a refusal naming the problem. Also used for street lines. */
export function settleSystem(file: BoundaryFile, named: string | null): NamedSystem | undefined {
  const raw = rawBBox(file);
  if (named) {
    const system = systemByName(named);
    if (!system) {
      throw new AppError('crs_unknown', `${file.fileName}：不认识的坐标系「${named}」。可用：${[...Object.keys(EPSG_DEFINITIONS), 'GCJ02', 'BD09'].join(', ')}`);
    }
    return system.name === 'EPSG:4326' ? undefined : system;
  }
  if (file.declaredCrs?.kind === 'code') {
    const system = systemByName(file.declaredCrs.value);
    if (!system) throw new AppError('crs_unknown', `${file.fileName}：文件声明的坐标系 ${file.declaredCrs.value} 无法转换；请用 --crs 指定可转换的坐标系`);
    return system.name === 'EPSG:4326' ? undefined : system;
  }
  if (file.declaredCrs?.kind === 'wkt') {
    const system = systemFromWkt(file.declaredCrs.value);
    if (!system) throw new AppError('crs_unknown', `${file.fileName}：.prj 中的坐标系无法识别；请用 --crs 指定`);
    return system.name === 'EPSG:4326' ? undefined : system;
  }
  if (!looksLikeDegrees(raw)) {
    const guesses = candidates(raw).map((c) => c.crs);
    throw new AppError(
      'crs_not_degrees',
      `${file.fileName}：坐标不是经纬度（${describeRange(raw)}），像是以米或英尺为单位的投影坐标，且文件未声明坐标系。` +
        `请指定坐标系后再导入${guesses.length ? `（可能是 ${guesses.join(' 或 ')}）` : ''}。` +
        ` Coordinates are not degrees (projected, in metres or feet) and no CRS is declared: name the system, e.g. --crs ${guesses[0] ?? 'EPSG:xxxx'}.`,
      { bbox: raw, candidates: guesses },
    );
  }
  return undefined;
}

/** Known systems that put the range on land-sized ground somewhere plausible. */
function candidates(raw: BBox4): { crs: string; bbox: BBox4 }[] {
  const out: { crs: string; bbox: BBox4 }[] = [];
  for (const name of Object.keys(EPSG_DEFINITIONS)) {
    if (name === 'EPSG:4326' || name === 'EPSG:4490' || name === 'EPSG:3857') continue;
    const t = systemByName(name)!.transform;
    const a = t([raw[0], raw[1]]);
    const b = t([raw[2], raw[3]]);
    const box: BBox4 = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
    // Sensible: degrees, and no wider than a few degrees (a district, a city, a state).
    if (box.every(Number.isFinite) && looksLikeDegrees(box) && box[2] - box[0] < 5 && box[3] - box[1] < 5) out.push({ crs: name, bbox: box });
  }
  return out;
}

function rawBBox(file: BoundaryFile): BBox4 {
  return bboxOfAll(file.features.map((f) => f.geometry));
}

function bboxOfAll(geometries: Geometry[]): BBox4 {
  const box: BBox4 = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of geometries) {
    const b = bboxOf(g);
    box[0] = Math.min(box[0], b[0]);
    box[1] = Math.min(box[1], b[1]);
    box[2] = Math.max(box[2], b[2]);
    box[3] = Math.max(box[3], b[3]);
  }
  return box;
}

export function mapGeometry(g: Geometry, t: (p: [number, number]) => [number, number]): Geometry {
  const ring = (r: [number, number][]) => r.map((p) => t(p));
  if (g.type === 'LineString') return { type: 'LineString', coordinates: ring(g.coordinates) };
  if (g.type === 'MultiLineString') return { type: 'MultiLineString', coordinates: g.coordinates.map(ring) };
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(ring) };
  if (g.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
  return g;
}

function interiorPointOrCentroid(g: Geometry): [number, number] {
  const p = interiorPoint(g);
  return Number.isFinite(p[0]) ? p : centroidOf(g);
}

/** The parent whose shape holds the child's interior point; among several, the one holding most of its vertices. */
function parentFinder(parents: RegionGeoRow[]): (g: Geometry) => RegionGeoRow | undefined {
  if (!parents.length) return () => undefined;
  const index = new Flatbush(parents.length);
  for (const p of parents) {
    const b = bboxOf(p.geometry);
    index.add(b[0], b[1], b[2], b[3]);
  }
  index.finish();
  return (g) => {
    const [x, y] = interiorPoint(g);
    const hits = index.search(x, y, x, y).map((i) => parents[i]!).filter((p) => pointInGeometry(x, y, p.geometry));
    if (hits.length <= 1) return hits[0];
    const vertices = polygonsOf(g).flatMap((poly) => poly[0] ?? []);
    const score = (p: RegionGeoRow) => vertices.filter(([vx, vy]) => pointInGeometry(vx, vy, p.geometry)).length;
    return hits.sort((a, b) => score(b) - score(a))[0];
  };
}

function countKinds(problems: { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = { self_intersection: 0, overlap: 0, gap: 0, outside_parent: 0 };
  for (const p of problems) counts[p.kind] = (counts[p.kind] ?? 0) + 1;
  return counts;
}

export { countKinds };
