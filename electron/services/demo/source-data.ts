/**
 * The real public data the demo starts from (see ../shared/data/README.md for provenance):
 * Dongcheng's outline from DataV GeoAtlas and its street names and codes from GB/T 2260 township codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection } from 'geojson';
import { roundArea, type Area } from './geo';

export const DISTRICT_CODE = '110101';
export const DISTRICT_NAME = '东城区';
export const OUTLINE_FILE = 'beijing/datav_110100_full.json';
export const STREETS_FILE = 'china/cn_streets_townships.csv';

export const SOURCES = {
  outline: 'DataV GeoAtlas 110100_full via Tianyunxing/mapfiles @ 9d6a313b, converted GCJ-02 → WGS84 with gcoord',
  streets: 'modood/Administrative-divisions-of-China @ 57a0aa9c, dist/streets (GB/T 2260 township codes)',
} as const;

export interface RealStreet {
  code: string;
  name: string;
}

export interface SourceData {
  /** District outline in WGS84. */
  outline: Area;
  streets: RealStreet[];
}

function requireFile(sharedDataDir: string, relative: string): string {
  const file = path.join(sharedDataDir, relative);
  if (!fs.existsSync(file)) {
    throw new Error(`Demo source data is missing: ${file} (expected the shared data folder at ${sharedDataDir})`);
  }
  return file;
}

export function loadSourceData(sharedDataDir: string): SourceData {
  return { outline: loadOutline(sharedDataDir), streets: loadStreets(sharedDataDir) };
}

function loadOutline(sharedDataDir: string): Area {
  const file = requireFile(sharedDataDir, OUTLINE_FILE);
  const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection;
  const feature = collection.features.find((f) => String(f.properties?.adcode) === DISTRICT_CODE) as Feature<Area> | undefined;
  if (!feature) throw new Error(`${file} has no feature with adcode ${DISTRICT_CODE} (${DISTRICT_NAME})`);
  // DataV's coordinates come from AMap and are GCJ-02; GridDesk stores WGS84, so convert explicitly
  // (left as is, the district would sit a few hundred metres off on a WGS84 basemap).
  type GcoordInput = Parameters<typeof gcoord.transform>[0];
  const converted = gcoord.transform(structuredClone(feature) as unknown as GcoordInput, gcoord.GCJ02, gcoord.WGS84) as unknown as Feature<Area>;
  return roundArea(converted.geometry);
}

/** Splits one CSV line, honouring double quotes ("" is a literal quote). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

function loadStreets(sharedDataDir: string): RealStreet[] {
  const file = requireFile(sharedDataDir, STREETS_FILE);
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '');
  const codeAt = header.indexOf('code');
  const nameAt = header.indexOf('name');
  if (codeAt < 0 || nameAt < 0) throw new Error(`${file}: expected columns code and name, found ${header.join(',')}`);
  const streets: RealStreet[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith(DISTRICT_CODE) && !line.startsWith(`"${DISTRICT_CODE}`)) continue;
    const fields = parseCsvLine(line);
    const code = fields[codeAt]!.trim();
    if (/^\d{9}$/.test(code) && code.startsWith(DISTRICT_CODE)) streets.push({ code, name: fields[nameAt]!.trim() });
  }
  if (streets.length === 0) throw new Error(`${file} has no streets of ${DISTRICT_NAME} (codes ${DISTRICT_CODE}xxx)`);
  return streets.sort((a, b) => a.code.localeCompare(b.code));
}
