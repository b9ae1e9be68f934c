import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/services/backend/backend';
import { AppError } from '../../electron/services/shared/app-error';
import { repoRoot, sharedData } from '../support/build';
import { tempDir } from '../support/temp';
import { createFirstAdmin } from '../support/sign-in';

const boston = (name: string) => fs.readFileSync(path.join(sharedData, 'boston', name)).toString('base64');
let backend: Backend | undefined;
afterEach(async () => {
  await backend?.closeWorkspace();
  backend = undefined;
});

async function emptyWorkspace(): Promise<Backend> {
  backend = new Backend({ configDir: tempDir(), resourcesDir: path.join(repoRoot, 'resources') });
  await backend.createWorkspace(path.join(tempDir(), 'ws'), false);
  await createFirstAdmin(backend);
  return backend;
}

describe('grids:import on real files', () => {
  it('imports Boston wards, then neighbourhoods inside them… as their own level, with parents by containment', async () => {
    const b = await emptyWorkspace();
    const inspection = await b.call('grids:inspect', { fileName: 'boston_wards.geojson', dataBase64: boston('boston_wards.geojson') });
    expect(inspection).toMatchObject({ format: 'geojson', featureCount: 22, degrees: true, declaredCrs: null });
    expect(inspection.fields.map((f) => f.name)).toContain('WARD');
    const wards = await b.call('grids:import', {
      fileName: 'boston_wards.geojson', dataBase64: boston('boston_wards.geojson'), level: 'street', nameField: 'WARD', codeField: 'WARD', crs: null,
    });
    expect(wards).toMatchObject({ features: 22, inserted: 22, updated: 0, convertedFrom: null, parentsFound: 0 });
    expect(wards.withoutParent).toHaveLength(22); // no district to hold them
    const hoods = await b.call('grids:import', {
      fileName: 'boston_neighborhoods_wgs84.geojson', dataBase64: boston('boston_neighborhoods_wgs84.geojson'), level: 'community', nameField: 'Name', codeField: null, crs: null,
    });
    expect(hoods.inserted).toBe(25);
    // Neighbourhoods are not drawn along ward lines, but each one's interior point lies in some ward.
    expect(hoods.parentsFound).toBeGreaterThan(20);
    const tree = await b.call('regions:tree', {});
    expect(tree.filter((n) => n.level === 'community')).toHaveLength(25);
    expect(hoods.topology.counts.outside_parent).toBeGreaterThan(0);
    // Re-importing with the code field updates instead of duplicating.
    const again = await b.call('grids:import', {
      fileName: 'boston_wards.geojson', dataBase64: boston('boston_wards.geojson'), level: 'street', nameField: 'WARD', codeField: 'WARD', crs: null,
    });
    expect(again).toMatchObject({ inserted: 0, updated: 22 });
  });

  it('refuses the EPSG:2249 file (feet, no CRS) naming the problem, and converts it when told the system', async () => {
    const b = await emptyWorkspace();
    const data = boston('boston_neighborhoods_epsg2249.geojson');
    const inspection = await b.call('grids:inspect', { fileName: 'boston_neighborhoods_epsg2249.geojson', dataBase64: data });
    expect(inspection.degrees).toBe(false);
    expect(inspection.candidates.map((c) => c.crs)).toContain('EPSG:2249');
    const refusal = b.call('grids:import', { fileName: 'boston_neighborhoods_epsg2249.geojson', dataBase64: data, level: 'community', nameField: 'Name', codeField: null, crs: null });
    await expect(refusal).rejects.toBeInstanceOf(AppError);
    await expect(refusal).rejects.toMatchObject({ code: 'crs_not_degrees' });
    await expect(refusal).rejects.toThrow(/boston_neighborhoods_epsg2249\.geojson.*坐标不是经纬度.*EPSG:2249/s);
    expect((await b.call('regions:tree', {})).length).toBe(0);
    const converted = await b.call('grids:import', { fileName: 'boston_neighborhoods_epsg2249.geojson', dataBase64: data, level: 'community', nameField: 'Name', codeField: null, crs: 'EPSG:2249' });
    expect(converted).toMatchObject({ inserted: inspection.featureCount, convertedFrom: 'EPSG:2249' });
    expect(converted.bbox[0]).toBeCloseTo(-71.19, 1);
    expect(converted.bbox[3]).toBeCloseTo(42.40, 1);
  });

  it('reads zipped Shapefiles with a .prj and KML', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const shapefileBytes = buildShapefile();
    const prj = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    const zip = zipSync({ 'grids/g.shp': shapefileBytes.shp, 'grids/g.dbf': shapefileBytes.dbf, 'grids/g.prj': strToU8(prj) });
    const b = await emptyWorkspace();
    const report = await b.call('grids:import', { fileName: 'g.zip', dataBase64: Buffer.from(zip).toString('base64'), level: 'grid', nameField: 'NAME', codeField: null, crs: null });
    expect(report).toMatchObject({ format: 'shapefile', inserted: 1 });
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>东四网格</name>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>116.41,39.92 116.42,39.92 116.42,39.93 116.41,39.93 116.41,39.92</coordinates></LinearRing></outerBoundaryIs></Polygon>
      </Placemark></Document></kml>`;
    const fromKml = await b.call('grids:import', { fileName: 'a.kml', dataBase64: Buffer.from(kml).toString('base64'), level: 'grid', nameField: 'name', codeField: null, crs: null });
    expect(fromKml).toMatchObject({ format: 'kml', inserted: 1 });
    expect((await b.call('regions:shapes', { level: 'grid' })).map((s) => s.name).sort()).toEqual(['A1', '东四网格']);
  });
});

/** A one-polygon Shapefile (.shp + .dbf) written by hand, per the ESRI whitepaper. */
function buildShapefile(): { shp: Uint8Array; dbf: Uint8Array } {
  const ring = [[116.40, 39.90], [116.40, 39.91], [116.41, 39.91], [116.41, 39.90], [116.40, 39.90]];
  const contentBytes = 44 + 4 + ring.length * 16;
  const shp = Buffer.alloc(100 + 8 + contentBytes);
  shp.writeInt32BE(9994, 0);
  shp.writeInt32BE(shp.length / 2, 24);
  shp.writeInt32LE(1000, 28);
  shp.writeInt32LE(5, 32);
  [116.40, 39.90, 116.41, 39.91].forEach((v, i) => shp.writeDoubleLE(v, 36 + i * 8));
  shp.writeInt32BE(1, 100);
  shp.writeInt32BE(contentBytes / 2, 104);
  let o = 108;
  shp.writeInt32LE(5, o);
  [116.40, 39.90, 116.41, 39.91].forEach((v, i) => shp.writeDoubleLE(v, o + 4 + i * 8));
  shp.writeInt32LE(1, o + 36);
  shp.writeInt32LE(ring.length, o + 40);
  shp.writeInt32LE(0, o + 44);
  o += 48;
  for (const [x, y] of ring) {
    shp.writeDoubleLE(x!, o);
    shp.writeDoubleLE(y!, o + 8);
    o += 16;
  }
  const dbf = Buffer.alloc(32 + 32 + 1 + 1 + 10 + 1);
  dbf.writeUInt8(3, 0);
  dbf.writeUInt32LE(1, 4);
  dbf.writeUInt16LE(65, 8);
  dbf.writeUInt16LE(11, 10);
  dbf.write('NAME', 32, 'latin1');
  dbf.write('C', 43, 'latin1');
  dbf.writeUInt8(10, 48);
  dbf.writeUInt8(0x0d, 64);
  dbf.write(' A1        ', 65, 'latin1');
  dbf.writeUInt8(0x1a, 76);
  return { shp, dbf };
}
