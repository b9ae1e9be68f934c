import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUILD, buildDemoWorkspace } from '../../../../electron/services/demo/demo-builder';
import { PLANTED_PATTERNS } from '../../../../electron/services/demo/patterns';
import { SMALL_CASES, buildSmallDemo, cleanup, type BuiltDemo } from './demo-fixture';

// The 17 streets of 东城区 as they appear in cn_streets_townships.csv (GB/T 2260 township codes).
const REAL_STREETS = [
  ['110101001', '东华门街道'], ['110101002', '景山街道'], ['110101003', '交道口街道'], ['110101004', '安定门街道'],
  ['110101005', '北新桥街道'], ['110101006', '东四街道'], ['110101007', '朝阳门街道'], ['110101008', '建国门街道'],
  ['110101009', '东直门街道'], ['110101010', '和平里街道'], ['110101011', '前门街道'], ['110101012', '崇文门外街道'],
  ['110101013', '东花市街道'], ['110101014', '龙潭街道'], ['110101015', '体育馆路街道'], ['110101016', '天坛街道'],
  ['110101017', '永定门外街道'],
];

type Area = Polygon | MultiPolygon;
interface RegionRow {
  id: number;
  parent_id: number | null;
  level: string;
  code: string;
  name: string;
  geometry: string;
  centroid_lng: number;
  centroid_lat: number;
  area_m2: number;
}

let demo: BuiltDemo;
let twin: BuiltDemo;
let regions: RegionRow[];
let shapes: Map<number, Area>;

beforeAll(async () => {
  demo = await buildSmallDemo(7);
  twin = await buildSmallDemo(7);
  regions = demo.db.all<RegionRow>('SELECT id, parent_id, level, code, name, geometry, centroid_lng, centroid_lat, area_m2 FROM regions ORDER BY id');
  shapes = new Map(regions.map((r) => [r.id, JSON.parse(r.geometry) as Area]));
});
afterAll(() => cleanup([demo, twin]));

const byLevel = (level: string) => regions.filter((r) => r.level === level);

describe('demo workspace: places', () => {
  it('has the real district and its 17 real streets', () => {
    expect(byLevel('district').map((r) => [r.code, r.name])).toEqual([['110101', '东城区']]);
    expect(byLevel('street').map((r) => [r.code, r.name])).toEqual(REAL_STREETS);
  });

  it('has 205 communities and 589 grids with hierarchical codes', () => {
    const communities = byLevel('community');
    const grids = byLevel('grid');
    expect(communities).toHaveLength(205);
    expect(grids).toHaveLength(589);
    const byId = new Map(regions.map((r) => [r.id, r]));
    for (const r of [...communities, ...grids]) {
      const parent = byId.get(r.parent_id!)!;
      expect(r.code.startsWith(parent.code)).toBe(true);
      expect(r.code).toHaveLength(parent.code.length + 3);
    }
    for (const g of grids) expect(g.code).toMatch(/^110101\d{9}$/);
    // Serials run 001, 002, … without gaps under each parent.
    for (const parent of [...byLevel('street'), ...communities]) {
      const serials = regions.filter((r) => r.parent_id === parent.id).map((r) => Number(r.code.slice(-3)));
      expect(serials).toEqual(serials.map((_, i) => i + 1));
    }
  });

  it('puts every grid centroid inside its grid and its street', () => {
    const byId = new Map(regions.map((r) => [r.id, r]));
    for (const grid of byLevel('grid')) {
      const street = byId.get(byId.get(grid.parent_id!)!.parent_id!)!;
      const point = [grid.centroid_lng, grid.centroid_lat];
      expect(turf.booleanPointInPolygon(point, shapes.get(grid.id)!)).toBe(true);
      expect(turf.booleanPointInPolygon(point, shapes.get(street.id)!), `${grid.code} centroid outside ${street.name}`).toBe(true);
    }
  });

  it('partitions each parent without gaps or overlaps, with valid polygons', () => {
    for (const region of regions) expect(turf.booleanValid(shapes.get(region.id)!), region.code).toBe(true);
    for (const parent of regions.filter((r) => r.level !== 'grid')) {
      const children = regions.filter((r) => r.parent_id === parent.id);
      const sum = children.reduce((total, child) => total + child.area_m2, 0);
      expect(Math.abs(sum - parent.area_m2) / parent.area_m2, `children of ${parent.code}`).toBeLessThan(1e-4);
    }
    // Pairwise overlaps among siblings on a sample of communities (every 10th).
    for (const community of byLevel('community').filter((_, i) => i % 10 === 0)) {
      const grids = regions.filter((r) => r.parent_id === community.id);
      for (let i = 0; i < grids.length; i++) {
        for (let j = i + 1; j < grids.length; j++) {
          const overlap = turf.intersect(turf.featureCollection([turf.feature(shapes.get(grids[i]!.id)!), turf.feature(shapes.get(grids[j]!.id)!)]));
          expect(overlap ? turf.area(overlap) : 0, `${grids[i]!.code} × ${grids[j]!.code}`).toBeLessThan(1);
        }
      }
    }
  });

  it('gives the district about its real area (41.84 km²)', () => {
    expect(byLevel('district')[0]!.area_m2 / 1e6).toBeGreaterThan(40);
    expect(byLevel('district')[0]!.area_m2 / 1e6).toBeLessThan(44);
  });

  it('keeps the planted grid ids promised by PLANTED_PATTERNS', () => {
    const idOf = new Map(regions.map((r) => [r.code, r.id]));
    for (const p of [...PLANTED_PATTERNS.hotSpots, ...PLANTED_PATTERNS.risingGrids]) expect(idOf.get(p.gridCode)).toBe(p.gridId);
    for (const code of PLANTED_PATTERNS.uncoveredGrids) expect(idOf.has(code)).toBe(true);
  });
});

describe('demo workspace: cases and integrity', () => {
  it('puts every case inside its grid, with consistent community and street', () => {
    const cases = demo.db.all<{ lng: number; lat: number; grid_id: number; community_id: number; street_id: number }>(
      'SELECT lng, lat, grid_id, community_id, street_id FROM cases',
    );
    expect(cases).toHaveLength(SMALL_CASES);
    const parent = new Map(regions.map((r) => [r.id, r.parent_id]));
    for (const c of cases) {
      expect(turf.booleanPointInPolygon([c.lng, c.lat], shapes.get(c.grid_id)!)).toBe(true);
      expect(parent.get(c.grid_id)).toBe(c.community_id);
      expect(parent.get(c.community_id)).toBe(c.street_id);
    }
  });

  it('derives each case status from its last event, with events in time order', () => {
    const mismatched = demo.db.get<{ n: number }>(`SELECT count(*) AS n FROM cases c WHERE c.status IS NOT
      (SELECT e.to_status FROM case_events e WHERE e.case_id = c.id ORDER BY e.at DESC, e.id DESC LIMIT 1)`);
    expect(mismatched?.n).toBe(0);
    const unordered = demo.db.get<{ n: number }>(`SELECT count(*) AS n FROM case_events a JOIN case_events b
      ON b.case_id = a.case_id AND b.id = a.id + 1 WHERE b.at < a.at`);
    expect(unordered?.n).toBe(0);
    const firsts = demo.db.all<{ action: string }>(`SELECT e.action FROM case_events e
      WHERE e.id = (SELECT min(id) FROM case_events WHERE case_id = e.case_id) GROUP BY e.action`);
    expect(firsts).toEqual([{ action: 'received' }]);
  });

  it('passes integrity and foreign key checks, and marks itself as a demo', () => {
    expect(demo.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(demo.db.all('PRAGMA foreign_key_check')).toEqual([]);
    const meta = new Map(demo.db.all<{ key: string; value: string }>('SELECT key, value FROM meta').map((r) => [r.key, r.value]));
    expect(meta.get('is_demo')).toBe('1');
    expect(meta.get('name')).toBe('东城区（演示）');
    const provenance = JSON.parse(meta.get('provenance')!) as { kind: string }[];
    expect(new Set(provenance.map((p) => p.kind))).toEqual(new Set(['real', 'derived', 'generated']));
    // Shown to the zh-CN user as is: no developer notes (repository names, commits, meta keys), only standard codes.
    const latin = (provenance as unknown as { part: string; source: string }[])
      .flatMap((p) => `${p.part} ${p.source}`.match(/[A-Za-z][A-Za-z_]+/g) ?? [])
      .filter((w) => !['GB', 'CJ', 'GCJ', 'WGS', 'DataV'].includes(w));
    expect(latin).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(demo.dir, 'workspace.json'), 'utf8'));
    expect(manifest).toEqual({ format: 'griddesk-workspace', version: 1, name: '东城区（演示）', demo: true, build: DEMO_BUILD });
  });

  it('numbers its cases in the one scheme of docs/case-numbers.md (was DC…)', () => {
    const odd = demo.db.all<{ caseNo: string }>(`SELECT case_no AS "caseNo" FROM cases WHERE case_no NOT GLOB 'GD[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]' LIMIT 3`);
    expect(odd).toEqual([]);
  });

  it('is deterministic: the same seed gives the same bytes', () => {
    const checksum = (sql: string, built: BuiltDemo) =>
      crypto.createHash('sha256').update(JSON.stringify(built.db.all(sql))).digest('hex');
    for (const sql of [
      'SELECT * FROM regions ORDER BY id', 'SELECT * FROM staff ORDER BY id', 'SELECT * FROM cases ORDER BY id',
      'SELECT * FROM case_events ORDER BY id', 'SELECT * FROM whistle_reports ORDER BY id',
    ]) {
      expect(checksum(sql, twin), sql).toBe(checksum(sql, demo));
    }
    const file = (built: BuiltDemo) => crypto.createHash('sha256').update(fs.readFileSync(path.join(built.dir, 'griddesk.db'))).digest('hex');
    expect(file(twin)).toBe(file(demo));
  });

  it('fails clearly when the shared data is missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-nodata-'));
    try {
      await expect(buildDemoWorkspace({ outDir: path.join(empty, 'ws'), sharedDataDir: empty, caseCount: 2000 }))
        .rejects.toThrow(/missing: .*datav_110100_full\.json/);
      expect(fs.existsSync(path.join(empty, 'ws'))).toBe(false);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
