// What a feature's geometry must be before anything is computed from it: numbers that are
// coordinates, rings that enclose something, outlines that do not cross themselves. A file that
// fails is refused whole, naming the feature: a broken outline would misplace every case near it.
import type { Geometry } from '../../contract';
import { AppError } from '../shared/app-error';
import { cleanRing, type Ring } from '../geo/polygon-math';
import { selfIntersection } from './topology';

/** Larger than any projected coordinate in use (Gauss-Krüger with zone prefix is under 4e7 m). */
const COORDINATE_MAX = 1e9;

/** Refuses the feature's geometry (AppError naming the file and feature) unless it is usable. */
export function checkGeometry(fileName: string, index: number, geometry: Geometry): void {
  const where = `${fileName}：第 ${index} 个要素`;
  const positions = (line: number[][], what: string) => {
    line.forEach((p, k) => {
      for (const v of [p[0], p[1]]) {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new AppError('boundary_geometry', `${where}${what}第 ${k + 1} 个点的坐标不是有效数字（${describe(v)}）`);
        }
        if (Math.abs(v) > COORDINATE_MAX) throw new AppError('boundary_geometry', `${where}${what}第 ${k + 1} 个点的坐标超出范围（${v}）`);
      }
    });
  };
  if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
    const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
    if (!lines.length) throw new AppError('boundary_geometry', `${where}是空的线`);
    lines.forEach((line, l) => {
      positions(line, lines.length > 1 ? `第 ${l + 1} 段` : '');
      if (line.length < 2) throw new AppError('boundary_geometry', `${where}的线少于 2 个点`);
    });
    return;
  }
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (!polygons.length || polygons.every((rings) => !rings.length)) throw new AppError('boundary_geometry', `${where}是空的多边形（没有坐标）`);
  polygons.forEach((rings, part) => {
    const partName = polygons.length > 1 ? `第 ${part + 1} 部分` : '';
    if (!rings.length) throw new AppError('boundary_geometry', `${where}${partName}是空的多边形（没有坐标）`);
    const cleaned: Ring[] = rings.map((ring, r) => {
      positions(ring, `${partName}${r ? `第 ${r + 1} 个内环` : ''}`);
      const clean = cleanRing(ring as Ring);
      // A closed ring around anything has at least three distinct corners: four points with the closing one.
      if (clean.length < 4) throw new AppError('boundary_geometry', `${where}${partName}的${r ? `第 ${r + 1} 个内环` : '外环'}少于 3 个不同的点，围不成面`);
      return clean;
    });
    const at = selfIntersection(cleaned);
    if (at) {
      throw new AppError('boundary_geometry', `${where}${partName}的边界自相交（约在 ${at[0].toFixed(6)}, ${at[1].toFixed(6)}），请在 GIS 软件中修复后再导入`);
    }
  });
}

/** The offending value in a few words; never serialised whole (it may be 100,000 arrays deep). */
function describe(value: unknown): string {
  if (value === undefined) return '缺失';
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `文字“${value.slice(0, 20)}”`;
  if (Array.isArray(value)) return '多一层数组：坐标嵌套过深';
  return typeof value;
}
