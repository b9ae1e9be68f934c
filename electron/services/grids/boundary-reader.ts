// Reads a boundary file as the user gives it — GeoJSON, zipped Shapefile or KML — into plain
// features with the system its coordinates claim to be in. Coordinates are not converted here.
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync, strFromU8 } from 'fflate';
import * as shapefile from 'shapefile';
import type { Geometry } from '../../contract';
import { AppError } from '../backend/app-error';
import { geojsonCrsName } from '../geo/projections';

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
  return { fileName, format: 'geojson', ...collect(raw, kind), declaredCrs: declared ? { kind: 'code', value: declared } : null };
}

function fromKml(fileName: string, text: string, kind: FeatureKind): BoundaryFile {
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  // togeojson is typed for the browser's DOM; xmldom implements the parts it uses.
  const collection = kml(doc as unknown as Document) as { features: RawFeature[] };
  // KML is WGS84 by definition (OGC KML 2.2).
  return { fileName, format: 'kml', ...collect(collection.features, kind), declaredCrs: null };
}

async function fromShapefileZip(fileName: string, bytes: Uint8Array, kind: FeatureKind): Promise<BoundaryFile> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new AppError('boundary_parse', `${fileName}：无法解压（${(err as Error).message}）`);
  }
  const names = Object.keys(entries).filter((n) => !n.startsWith('__MACOSX/'));
  const shp = names.find((n) => n.toLowerCase().endsWith('.shp'));
  if (!shp) throw new AppError('boundary_parse', `${fileName}：压缩包里没有 .shp 文件（找到：${names.join(', ') || '无'}）`);
  const base = shp.slice(0, -4).toLowerCase();
  const sibling = (ext: string) => names.find((n) => n.toLowerCase() === `${base}${ext}`);
  const dbf = sibling('.dbf');
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  // Chinese shapefiles are often GBK without a .cpg; the .cpg wins when present.
  const encoding = cpg ? strFromU8(entries[cpg]!).trim() || 'utf-8' : 'utf-8';
  let collection: { features: RawFeature[] };
  try {
    collection = (await shapefile.read(entries[shp]!, dbf ? entries[dbf] : undefined, { encoding })) as { features: RawFeature[] };
  } catch (err) {
    throw new AppError('boundary_parse', `${fileName}：${shp} 读取失败（${(err as Error).message}）`);
  }
  const wkt = prj ? strFromU8(entries[prj]!).trim() : '';
  return { fileName, format: 'shapefile', ...collect(collection.features, kind), declaredCrs: wkt ? { kind: 'wkt', value: wkt } : null };
}

function collect(raw: RawFeature[], kind: FeatureKind): { features: BoundaryFeature[]; skipped: number } {
  const features: BoundaryFeature[] = [];
  let skipped = 0;
  raw.forEach((feature, i) => {
    const geometry = kind === 'polygon' ? polygonal(feature.geometry) : linear(feature.geometry);
    if (!geometry) {
      skipped++;
      return;
    }
    features.push({ index: i + 1, properties: feature.properties ?? {}, geometry });
  });
  return { features, skipped };
}

/** Lines as they are; a GeometryCollection of lines (KML MultiGeometry) as one MultiLineString. */
function linear(geometry: RawFeature['geometry']): Geometry | null {
  if (!geometry) return null;
  const strip = (line: number[][]) => line.map((p) => [p[0]!, p[1]!] as [number, number]);
  if (geometry.type === 'LineString') return { type: 'LineString', coordinates: strip(geometry.coordinates as number[][]) };
  if (geometry.type === 'MultiLineString') return { type: 'MultiLineString', coordinates: (geometry.coordinates as number[][][]).map(strip) };
  if (geometry.type === 'GeometryCollection') {
    const lines = (geometry.geometries ?? []).map((g) => linear(g as RawFeature['geometry'])).filter((g) => g !== null)
      .flatMap((g) => (g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : []));
    return lines.length ? { type: 'MultiLineString', coordinates: lines } : null;
  }
  return null;
}

/** Polygons as they are; a GeometryCollection of polygons (KML MultiGeometry) as one MultiPolygon. */
function polygonal(geometry: RawFeature['geometry']): Geometry | null {
  if (!geometry) return null;
  const strip = (rings: number[][][]) => rings.map((ring) => ring.map((p) => [p[0]!, p[1]!] as [number, number]));
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: strip(geometry.coordinates as number[][][]) };
  if (geometry.type === 'MultiPolygon') {
    return { type: 'MultiPolygon', coordinates: (geometry.coordinates as number[][][][]).map(strip) };
  }
  if (geometry.type === 'GeometryCollection') {
    const parts = (geometry.geometries ?? []).map((g) => polygonal(g as RawFeature['geometry'])).filter((g) => g !== null);
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
