import fs from 'node:fs';
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { toWgs84 } from '../../../../electron/services/geo/crs';
import { bboxOf } from '../../../../electron/services/geo/polygon-math';
import {
  geojsonCrsName, looksLikeDegrees, normaliseSystemName, systemByName, systemFromWkt,
} from '../../../../electron/services/geo/projections';
import type { Geometry } from '../../../../electron/contract';
import { gcjReference } from '../../../support/gcj02-reference.mjs';

describe('WGS84 ↔ GCJ-02 (gcoord) at known points', () => {
  const points: [string, number, number][] = [
    ['天安门 Tiananmen', 116.3913, 39.9075],
    ['东城区政府 Dongcheng government', 116.4164, 39.9288],
    ['上海人民广场 People’s Square', 121.4737, 31.2304],
  ];
  for (const [name, lng, lat] of points) {
    it(`${name}: matches the published formula and round-trips`, () => {
      const gcj = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
      const ref = gcjReference(lng, lat);
      expect(gcj[0]).toBeCloseTo(ref[0], 7);
      expect(gcj[1]).toBeCloseTo(ref[1], 7);
      // Beijing's offset is a few hundred metres, mostly eastward.
      const dx = (gcj[0] - lng) * 111_320 * Math.cos((lat * Math.PI) / 180);
      const dy = (gcj[1] - lat) * 110_540;
      expect(Math.hypot(dx, dy)).toBeGreaterThan(300);
      expect(Math.hypot(dx, dy)).toBeLessThan(800);
      const back = toWgs84(gcj[0], gcj[1], 'gcj02');
      expect(back[0]).toBeCloseTo(lng, 5);
      expect(back[1]).toBeCloseTo(lat, 5);
    });
  }

  it('leaves points outside China alone (GCJ-02 applies only inside)', () => {
    const boston = gcoord.transform([-71.06, 42.36], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    expect(boston).toEqual([-71.06, 42.36]);
  });
});

describe('projected systems', () => {
  it('normalises EPSG names', () => {
    expect(normaliseSystemName('2249')).toBe('EPSG:2249');
    expect(normaliseSystemName('epsg:2249')).toBe('EPSG:2249');
    expect(normaliseSystemName('gcj02')).toBe('GCJ02');
    expect(systemByName('EPSG:9999')).toBeUndefined();
  });

  it('reads GeoJSON crs members', () => {
    expect(geojsonCrsName({ type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } })).toBeNull();
    expect(geojsonCrsName({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2249' } })).toBe('EPSG:2249');
    expect(geojsonCrsName(undefined)).toBeNull();
  });

  it('EPSG:2249 (Massachusetts feet) puts the Boston file where the WGS84 copy is', () => {
    const feet = JSON.parse(fs.readFileSync('/work/shared/data/boston/boston_neighborhoods_epsg2249.geojson', 'utf8'));
    const wgs = JSON.parse(fs.readFileSync('/work/shared/data/boston/boston_neighborhoods_wgs84.geojson', 'utf8'));
    const rawBox = bboxOf(feet.features[0].geometry as Geometry);
    expect(looksLikeDegrees(rawBox)).toBe(false);
    const t = systemByName('EPSG:2249')!.transform;
    const byName = new Map(wgs.features.map((f: { properties: { Name: string }; geometry: Geometry }) => [f.properties.Name, f.geometry]));
    for (const f of feet.features.slice(0, 5)) {
      const g = f.geometry as Geometry;
      const converted = (g.type === 'MultiPolygon' ? g.coordinates[0]![0]! : (g as { coordinates: [number, number][][] }).coordinates[0]!).map((p) => t(p));
      const box = bboxOf({ type: 'LineString', coordinates: converted });
      const ref = bboxOf(byName.get(f.properties.Name) as Geometry);
      expect(looksLikeDegrees(box)).toBe(true);
      // Same neighbourhood, same place: within ~50 m.
      expect(Math.abs(box[0] - ref[0])).toBeLessThan(0.0006);
      expect(Math.abs(box[3] - ref[3])).toBeLessThan(0.0006);
    }
  });

  it('reads a .prj (WKT) with proj4', () => {
    const wkt =
      'PROJCS["NAD_1983_StatePlane_Massachusetts_Mainland_FIPS_2001_Feet",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",656166.6666666665],PARAMETER["False_Northing",2460625.0],PARAMETER["Central_Meridian",-71.5],PARAMETER["Standard_Parallel_1",41.71666666666667],PARAMETER["Standard_Parallel_2",42.68333333333333],PARAMETER["Latitude_Of_Origin",41.0],UNIT["Foot_US",0.3048006096012192]]';
    const fromPrj = systemFromWkt(wkt)!.transform([775_000, 2_956_000]);
    const fromCode = systemByName('EPSG:2249')!.transform([775_000, 2_956_000]);
    expect(fromPrj[0]).toBeCloseTo(fromCode[0], 4);
    expect(fromPrj[1]).toBeCloseTo(fromCode[1], 4);
    expect(fromCode[0]).toBeCloseTo(-71.06, 1);
    expect(fromCode[1]).toBeCloseTo(42.36, 1);
  });
});
