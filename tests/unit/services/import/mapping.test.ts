import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerSignature, signatureOverlap, suggestColumns } from '../../../../electron/services/import/field-suggestions';
import { GridIndex } from '../../../../electron/services/import/grid-index';
import { RegionMatcher } from '../../../../electron/services/import/region-matcher';
import { satisfactionFromWord, statusFromWord } from '../../../../electron/services/import/value-words';
import { pointInGeometry } from '../../../../electron/services/geo/point-in-polygon';
import type { Geometry } from '../../../../electron/contract';
import { BOSTON_NEIGHBORHOODS } from '../../../fixtures/boston';

describe('column suggestions', () => {
  it('maps Chinese ledger headers', () => {
    const headers = ['序号', '工单编号', '来电时间', '诉求内容', '问题分类', '所属街道', '所属社区', '所属网格', '事发地址', '经度', '纬度', '承办单位', '办结时间', '满意度', '联系电话'];
    expect(suggestColumns(headers)).toEqual({
      externalNo: '工单编号', receivedAt: '来电时间', description: '诉求内容', category: '问题分类', street: '所属街道', community: '所属社区',
      grid: '所属网格', address: '事发地址', lng: '经度', lat: '纬度', department: '承办单位', closedAt: '办结时间', satisfaction: '满意度',
      reporterPhone: '联系电话',
    });
  });

  it('maps headers with units or brackets and 案件编号/上报时间/问题描述', () => {
    expect(suggestColumns(['案件编号', '上报时间(北京时间)', '问题描述', '经度（GCJ-02）', '纬度（GCJ-02）'])).toEqual({
      externalNo: '案件编号', receivedAt: '上报时间(北京时间)', description: '问题描述', lng: '经度（GCJ-02）', lat: '纬度（GCJ-02）',
    });
  });

  it('maps NYC 311 headers', () => {
    expect(suggestColumns(['Unique Key', 'Created Date', 'Closed Date', 'Agency', 'Complaint Type', 'Descriptor', 'Incident Address', 'Status', 'Latitude', 'Longitude'])).toEqual({
      externalNo: 'Unique Key', receivedAt: 'Created Date', closedAt: 'Closed Date', department: 'Agency', category: 'Complaint Type',
      title: 'Descriptor', address: 'Incident Address', status: 'Status', lat: 'Latitude', lng: 'Longitude',
    });
  });

  it('recognises a template from the headers in any order', () => {
    const signature = headerSignature(['工单编号', '来电时间', '列3']);
    expect(signatureOverlap(signature, ['来电时间', '备注', '工单编号'])).toBe(1);
    expect(signatureOverlap(signature, ['来电时间'])).toBe(0.5);
  });
});

describe('value words', () => {
  it('reads statuses and satisfaction words', () => {
    expect(statusFromWord('已办结')).toBe('closed');
    expect(statusFromWord('Open')).toBe('in_progress');
    expect(statusFromWord('挂账')).toBe('suspended');
    expect(statusFromWord('不知道')).toBeNull();
    expect(satisfactionFromWord('基本满意')).toBe('basically_satisfied');
    expect(satisfactionFromWord('不满意')).toBe('unsatisfied');
    expect(satisfactionFromWord('满意')).toBe('satisfied');
  });
});

describe('region names', () => {
  const matcher = new RegionMatcher([
    { id: 1, parentId: null, level: 'district', code: '110101', name: '东城区' },
    { id: 2, parentId: 1, level: 'street', code: '110101001', name: '东华门街道' },
    { id: 3, parentId: 1, level: 'street', code: '110101002', name: '景山街道' },
    { id: 4, parentId: 2, level: 'community', code: '110101001001', name: '多福巷社区' },
    { id: 5, parentId: 3, level: 'community', code: '110101002001', name: '多福巷社区' },
    { id: 6, parentId: 5, level: 'grid', code: '110101002001001', name: '第一网格' },
  ]);

  it('resolves a repeated community name under its street, with or without suffixes', () => {
    expect(matcher.match({ street: '景山', community: '多福巷' })).toEqual({ gridId: null, communityId: 5, streetId: 3, unmatched: [] });
    expect(matcher.match({ grid: '110101002001001' })).toEqual({ gridId: 6, communityId: 5, streetId: 3, unmatched: [] });
  });

  it('reports names it cannot find', () => {
    expect(matcher.match({ street: '东华门街道', community: '不存在社区' })).toEqual({ gridId: null, communityId: null, streetId: 2, unmatched: ['community'] });
    // Ambiguous without a street: not guessed.
    expect(matcher.match({ community: '多福巷社区' })).toMatchObject({ communityId: null, unmatched: ['community'] });
  });
});

describe('grid index', () => {
  const square = (x: number, y: number, s: number): number[][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
  const grids = [
    { id: 10, communityId: null, streetId: null, geometry: { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2)] } as Geometry },
    { id: 11, communityId: null, streetId: null, geometry: { type: 'MultiPolygon', coordinates: [[square(10, 0, 5)], [square(20, 0, 5)]] } as Geometry },
  ];
  const index = new GridIndex(grids);

  it('finds the grid, respects holes and multipolygons, reports outside points', () => {
    expect(index.locate(1, 1)).toBe(0);
    expect(index.locate(3, 3)).toBe(-1); // in the hole
    expect(index.locate(12, 1)).toBe(1);
    expect(index.locate(22, 1)).toBe(1);
    expect(index.locate(17, 1)).toBe(-1);
  });

  it('agrees with geo/point-in-polygon on random points', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 27 - 1;
    for (let k = 0; k < 5000; k++) {
      const [x, y] = [rnd(), rnd() / 2];
      const expected = grids.findIndex((g) => pointInGeometry(x, y, g.geometry));
      expect(index.locate(x, y)).toBe(expected);
    }
  });

  it('agrees with geo/point-in-polygon on real outlines with thousands of vertices (banded edges)', () => {
    const collection = JSON.parse(fs.readFileSync(BOSTON_NEIGHBORHOODS, 'utf8')) as { features: { geometry: Geometry }[] };
    const real = collection.features.map((f, i) => ({ id: i + 1, communityId: null, streetId: null, geometry: f.geometry }));
    const vertices = (g: Geometry) => JSON.stringify(g.coordinates).split('],[').length;
    expect(Math.max(...real.map((g) => vertices(g.geometry)))).toBeGreaterThan(1000);
    const boston = new GridIndex(real);
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let inside = 0;
    for (let k = 0; k < 4000; k++) {
      const [x, y] = [-71.2 + rnd() * 0.22, 42.22 + rnd() * 0.18];
      const expected = real.findIndex((g) => pointInGeometry(x, y, g.geometry));
      if (expected >= 0) inside++;
      expect(boston.locate(x, y)).toBe(expected);
    }
    expect(inside).toBeGreaterThan(1000);
    // Points on the outline's own vertices: where band edges meet.
    const outline = real[0]!.geometry;
    const ring = (outline.type === 'MultiPolygon' ? (outline.coordinates as unknown as number[][][][])[0]![0] : (outline.coordinates as unknown as number[][][])[0])!;
    for (const [x, y] of ring.slice(0, 200)) {
      expect(boston.locate(x!, y!)).toBe(real.findIndex((g) => pointInGeometry(x!, y!, g.geometry)));
    }
  });
});
