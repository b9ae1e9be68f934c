// Reads a boundary file as the user gives it — GeoJSON, zipped Shapefile or KML — into plain
// features with the system its coordinates claim to be in. Coordinates are not converted here.
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8 } from 'fflate';
import * as shapefile from 'shapefile';
import type { Geometry } from '../../contract';
import { INPUT_LIMITS, sizeLabel } from '../../contract/input-limits';
import { AppError } from '../shared/app-error';
import { geojsonCrsName } from '../geo/projections';
import { inflateEntry, zipEntries } from '../shared/bounded-zip';
import { checkGeometry } from './boundary-geometry';

export type BoundaryFormat = 'geojson' | 'shapefile' | 'kml';

export interface BoundaryFeature {
  /** 1-based position in the file, for messages. */
  index: number;
  properties: Record<string, unknown>;
  geometry: Geometry;
}

export interface BoundaryFile {
  fileName: string;
  format: BoundaryFormat;
  features: BoundaryFeature[];
  /** Features skipped because they are not polygons (points, lines, empty). */
  skipped: number;
  /** What the file declares: an EPSG code, a .prj WKT, or null (nothing said, or CRS84/WGS84). */
  declaredCrs: { kind: 'code'; value: string } | { kind: 'wkt'; value: string } | null;
}

type RawFeature = { type?: string; properties?: Record<string, unknown> | null; geometry?: { type?: string; coordinates?: unknown; geometries?: unknown[] } | null };

export function formatOf(fileName: string, bytes: Uint8Array): BoundaryFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.zip') || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return 'shapefile';
  if (lower.endsWith('.kml')) return 'kml';
  if (lower.endsWith('.json') || lower.endsWith('.geojson')) return 'geojson';
  const head = strFromU8(bytes.subarray(0, 200)).trimStart();
  if (head.startsWith('<')) return 'kml';
  if (head.startsWith('{')) return 'geojson';
  throw new AppError('boundary_format', `${fileName}：无法识别的边界文件格式（支持 GeoJSON、压缩的 Shapefile .zip、KML）`);
}

/** What a file's features must be: polygons (grids, regions) or lines (street lines). */
export type FeatureKind = 'polygon' | 'line';

export async function readBoundaryFile(fileName: string, bytes: Uint8Array, kind: FeatureKind = 'polygon'): Promise<BoundaryFile> {
  const format = formatOf(fileName, bytes);
  // GeoJSON and KML are parsed whole (several times their size in memory); a zip is unpacked.
  const limit = format === 'shapefile' ? INPUT_LIMITS.boundaryZipBytes : INPUT_LIMITS.boundaryTextBytes;
  if (bytes.length > limit) {
    throw new AppError('file_too_large', `${fileName}：文件有 ${sizeLabel(bytes.length)}，超过边界文件上限 ${sizeLabel(limit)}，请按街道或社区拆分后分批导入`);
  }
  if (format === 'geojson') return fromGeojson(fileName, decodeText(bytes), kind);
  if (format === 'kml') return fromKml(fileName, decodeText(bytes), kind);
  return fromShapefileZip(fileName, bytes, kind);
}

function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

function fromGeojson(fileName: string, text: string, kind: FeatureKind): BoundaryFile {
  let doc: { type?: string; features?: RawFeature[]; crs?: unknown; geometry?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    throw new AppError('boundary_parse', `${fileName}：不是有效的 JSON（${(err as Error).message}）`);
  }
  const raw: RawFeature[] =
    doc.type === 'FeatureCollection' ? doc.features ?? [] : doc.type === 'Feature' ? [doc as RawFeature] : [];
  if (raw.length === 0 && doc.type !== 'FeatureCollection') {
    throw new AppError('boundary_parse', `${fileName}：不是 GeoJSON FeatureCollection 或 Feature`);
  }
  const declared = geojsonCrsName(doc.crs);
  return { fileName, format: 'geojson', ...collect(fileName, raw, kind), declaredCrs: declared ? { kind: 'code', value: declared } : null };
}

function fromKml(fileName: string, text: string, kind: FeatureKind): BoundaryFile {
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  // togeojson is typed for the browser's DOM; xmldom implements the parts it uses.
  const collection = kml(doc as unknown as Document) as { features: RawFeature[] };
  // KML is WGS84 by definition (OGC KML 2.2).
  return { fileName, format: 'kml', ...collect(fileName, collection.features, kind), declaredCrs: null };
}

async function fromShapefileZip(fileName: string, bytes: Uint8Array, kind: FeatureKind): Promise<BoundaryFile> {
  // Sizes checked from the zip's directory first; only the four files read are inflated, each
  // stopped as soon as it grows past what it declared.
  const listed = zipEntries(bytes, fileName, {
    entries: INPUT_LIMITS.zipEntries, entryBytes: INPUT_LIMITS.boundaryUnpackedBytes, totalBytes: INPUT_LIMITS.boundaryUnpackedBytes,
  });
  const byName = new Map(listed.map((e) => [e.name, e]));
  const entry = (name: string) => inflateEntry(bytes, byName.get(name)!, fileName);
  const names = listed.map((e) => e.name).filter((n) => !n.startsWith('__MACOSX/') && !n.endsWith('/'));
  const shp = names.find((n) => n.toLowerCase().endsWith('.shp'));
  if (!shp) throw new AppError('boundary_parse', `${fileName}：压缩包里没有 .shp 文件（找到：${names.join(', ') || '无'}）`);
  const base = shp.slice(0, -4).toLowerCase();
  const sibling = (ext: string) => names.find((n) => n.toLowerCase() === `${base}${ext}`);
  const dbf = sibling('.dbf');
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  // Without its .dbf a shapefile has outlines but no names or codes to import them by.
  if (!dbf) throw new AppError('boundary_parse', `${fileName}：压缩包里缺少 ${shp.slice(0, -4)}.dbf（属性表），没有名称和编码无法导入，请把同名的 .shp、.dbf、.prj 一起压缩`);
  // Chinese shapefiles are often GBK without a .cpg; the .cpg wins when present.
  const encoding = cpg ? strFromU8(entry(cpg)).trim() || 'utf-8' : 'utf-8';
  let collection: { features: RawFeature[] };
  try {
    collection = (await shapefile.read(entry(shp), entry(dbf), { encoding })) as { features: RawFeature[] };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('boundary_parse', `${fileName}：${shp} 读取失败（${(err as Error).message}）`);
  }
  const wkt = prj ? strFromU8(entry(prj)).trim() : '';
  return { fileName, format: 'shapefile', ...collect(fileName, collection.features, kind), declaredCrs: wkt ? { kind: 'wkt', value: wkt } : null };
}

function collect(fileName: string, raw: RawFeature[], kind: FeatureKind): { features: BoundaryFeature[]; skipped: number } {
  const features: BoundaryFeature[] = [];
  let skipped = 0;
  if (!Array.isArray(raw)) throw new AppError('boundary_parse', `${fileName}：features 不是数组`);
  raw.forEach((feature, i) => {
    const geometry = kind === 'polygon' ? polygonal(feature?.geometry) : linear(feature?.geometry);
    if (!geometry) {
      skipped++;
      return;
    }
    checkGeometry(fileName, i + 1, geometry);
    features.push({ index: i + 1, properties: feature!.properties ?? {}, geometry });
  });
  return { features, skipped };
}

/** KML nests MultiGeometry a level or two; deeper is not a boundary, and recursion must stop somewhere. */
const MAX_COLLECTION_DEPTH = 8;

/**
 * The value if it is an array, else an empty one: a position that is a number, a string or an object
 * must become a refusal by checkGeometry (a NaN coordinate), never a TypeError.
 */
function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Lines as they are; a GeometryCollection of lines (KML MultiGeometry) as one MultiLineString. */
function linear(geometry: RawFeature['geometry'], depth = 0): Geometry | null {
  if (!geometry) return null;
  const strip = (line: number[][]) => arrayOf<number[]>(line).map((p) => [arrayOf<number>(p)[0]!, arrayOf<number>(p)[1]!] as [number, number]);
  if (geometry.type === 'LineString') return { type: 'LineString', coordinates: strip(geometry.coordinates as number[][]) };
  if (geometry.type === 'MultiLineString') return { type: 'MultiLineString', coordinates: arrayOf<number[][]>(geometry.coordinates).map(strip) };
  if (geometry.type === 'GeometryCollection' && depth < MAX_COLLECTION_DEPTH) {
    const lines = arrayOf(geometry.geometries).map((g) => linear(g as RawFeature['geometry'], depth + 1)).filter((g) => g !== null)
      .flatMap((g) => (g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : []));
    return lines.length ? { type: 'MultiLineString', coordinates: lines } : null;
  }
  return null;
}

/** Polygons as they are; a GeometryCollection of polygons (KML MultiGeometry) as one MultiPolygon. */
function polygonal(geometry: RawFeature['geometry'], depth = 0): Geometry | null {
  if (!geometry) return null;
  const strip = (rings: number[][][]) =>
    arrayOf<number[][]>(rings).map((ring) => arrayOf<number[]>(ring).map((p) => [arrayOf<number>(p)[0]!, arrayOf<number>(p)[1]!] as [number, number]));
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: strip(geometry.coordinates as number[][][]) };
  if (geometry.type === 'MultiPolygon') {
    return { type: 'MultiPolygon', coordinates: arrayOf<number[][][]>(geometry.coordinates).map(strip) };
  }
  if (geometry.type === 'GeometryCollection' && depth < MAX_COLLECTION_DEPTH) {
    const parts = arrayOf(geometry.geometries).map((g) => polygonal(g as RawFeature['geometry'], depth + 1)).filter((g) => g !== null);
    const polygons = parts.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []));
    return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
  }
  return null;
}

/** Property names with a few sample values, and the likeliest name and code fields. */
export function describeProperties(features: BoundaryFeature[]): {
  fields: { name: string; samples: string[]; unique: boolean }[];
  suggestedNameField: string | null;
  suggestedCodeField: string | null;
} {
  const names = new Set<string>();
  for (const f of features) for (const key of Object.keys(f.properties)) names.add(key);
  const fields = [...names].map((name) => {
    const values = features.map((f) => f.properties[name]).filter((v) => v !== null && v !== undefined && v !== '');
    const strings = values.map((v) => String(v));
    return { name, samples: strings.slice(0, 3), unique: strings.length === features.length && new Set(strings).size === strings.length };
  });
  const pick = (patterns: RegExp[]) =>
    patterns.map((re) => fields.find((f) => f.unique && re.test(f.name))).find((f) => f)?.name ?? null;
  return {
    fields,
    suggestedNameField: pick([/^name$/i, /名称|名字/, /name/i, /^ward$/i]),
    suggestedCodeField: pick([/^(ad)?code$/i, /编码|代码/, /code/i, /_id$/i]),
  };
}
