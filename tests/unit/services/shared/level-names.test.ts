// File names a zh-CN user saves must read in Chinese: no `…_street.xlsx`, no `grid.geojson`.
import { describe, expect, it } from 'vitest';
import type { RegionShape } from '../../../../electron/contract';
import { ExportService } from '../../../../electron/services/export/export.service';
import { rankingFileName } from '../../../../electron/services/rates/rates.service';
import { LEVEL_NAMES, levelName } from '../../../../electron/services/shared/level-names';

const square: RegionShape = {
  id: 7, code: '110101001001001', name: '第1网格', level: 'grid', parentId: 3,
  geometry: { type: 'Polygon', coordinates: [[[116.40, 39.90], [116.41, 39.90], [116.41, 39.91], [116.40, 39.90]]] },
} as RegionShape;

describe('level names in file names', () => {
  it('names every ranking level in Chinese', () => {
    expect(rankingFileName('2026-11', 'street', false)).toBe('三率排名_2026-11_街道.xlsx');
    expect(rankingFileName('2026-11', 'community', true)).toBe('三率排名_2026-11_社区_已发布.xlsx');
    expect(rankingFileName('2026-11', 'grid', false)).toBe('三率排名_2026-11_网格.xlsx');
    expect(rankingFileName('2026-11', 'department', false)).toBe('三率排名_2026-11_部门.xlsx');
    expect(rankingFileName('2026-11', 'grid_worker', false)).toBe('三率排名_2026-11_网格员.xlsx');
  });

  it('names the boundary export by its level', () => {
    const service = new ExportService(null as never, null as never, () => [square], () => false, null as never);
    expect(service.exportGrids('geojson', 'grid').fileName).toBe('网格边界.geojson');
    expect(service.exportGrids('kml', 'street').fileName).toBe('街道边界.kml');
    expect(service.exportGrids('kml', 'community').fileName).toBe('社区边界.kml');
  });

  it('has no Latin letters in any level name', () => {
    for (const name of Object.values(LEVEL_NAMES)) expect(name).not.toMatch(/[A-Za-z]/);
    expect(levelName('district')).toBe('区');
  });
});
