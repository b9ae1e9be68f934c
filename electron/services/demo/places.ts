/**
 * The demo's places: Dongcheng's real outline and street names/codes, with derived street,
 * community and grid polygons (nested Voronoi partitions), generated names, buildings (case
 * addresses) and street lines. Everything here depends only on GEOMETRY_SEED, not on the case seed.
 */
import {
  areaM2, bboxOf, contains, distanceM, labelPoint, offsetM, partition, randomPointIn, readingOrder, roundArea,
  voronoiClip, type Area, type BBox, type LngLat,
} from './geo';
import { communityName, laneName, streetLineName, uniqueName } from './names';
import { GEOMETRY_SEED } from './patterns';
import { Rng } from './rng';
import { DISTRICT_CODE, DISTRICT_NAME, type SourceData } from './source-data';

export const COMMUNITY_TOTAL = 205;
export const GRID_TOTAL = 589;

export interface Shape {
  code: string;
  name: string;
  geometry: Area;
  bbox: BBox;
  label: LngLat;
  areaM2: number;
  households: number;
}
export interface Building {
  point: LngLat;
  address: string;
}
export interface GridPlace extends Shape {
  buildings: Building[];
}
export interface CommunityPlace extends Shape {
  grids: GridPlace[];
}
export interface LinePlace {
  code: string;
  name: string;
  coordinates: LngLat[];
  bbox: BBox;
  lengthM: number;
}
export interface StreetPlace extends Shape {
  communities: CommunityPlace[];
  lines: LinePlace[];
}
export interface Places {
  district: Shape;
  streets: StreetPlace[];
}

/**
 * Rough locations of the street offices (WGS84), used only as Voronoi sites so that each derived
 * street polygon sits about where the real street is. The boundaries themselves are not official.
 */
const STREET_SITES: Record<string, LngLat> = {
  '110101001': [116.404, 39.914], // 东华门
  '110101002': [116.396, 39.928], // 景山
  '110101003': [116.401, 39.938], // 交道口
  '110101004': [116.405, 39.944], // 安定门
  '110101005': [116.418, 39.942], // 北新桥
  '110101006': [116.417, 39.929], // 东四
  '110101007': [116.428, 39.924], // 朝阳门
  '110101008': [116.428, 39.906], // 建国门
  '110101009': [116.433, 39.945], // 东直门
  '110101010': [116.405, 39.961], // 和平里
  '110101011': [116.397, 39.896], // 前门
  '110101012': [116.418, 39.895], // 崇文门外
  '110101013': [116.434, 39.893], // 东花市
  '110101014': [116.435, 39.876], // 龙潭
  '110101015': [116.421, 39.883], // 体育馆路
  '110101016': [116.405, 39.879], // 天坛
  '110101017': [116.402, 39.862], // 永定门外
};

function shape(code: string, name: string, geometry: Area, households: number): Shape {
  const rounded = roundArea(geometry);
  return { code, name, geometry: rounded, bbox: bboxOf(rounded), label: labelPoint(rounded), areaM2: areaM2(rounded), households };
}

/** Splits `total` into integers proportional to `weights`, each within [min, max]. */
export function apportion(weights: number[], total: number, min: number, max: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.min(max, Math.max(min, Math.round((w / sum) * total))));
  let current = counts.reduce((a, b) => a + b, 0);
  while (current !== total) {
    const grow = current < total;
    let best = -1;
    for (let i = 0; i < counts.length; i++) {
      if (grow ? counts[i]! >= max : counts[i]! <= min) continue;
      const ratio = counts[i]! / weights[i]!;
      if (best < 0 || (grow ? ratio < counts[best]! / weights[best]! : ratio > counts[best]! / weights[best]!)) best = i;
    }
    if (best < 0) throw new Error(`Cannot split ${total} into ${counts.length} parts of ${min}..${max}`);
    counts[best]! += grow ? 1 : -1;
    current += grow ? 1 : -1;
  }
  return counts;
}

export function buildPlaces(source: SourceData): Places {
  const rng = new Rng(GEOMETRY_SEED, 'places');
  const usedNames = new Set<string>();
  const sites = source.streets.map((street) => {
    const site = STREET_SITES[street.code];
    if (!site || !contains(source.outline, site)) throw new Error(`No site inside the outline for street ${street.code} ${street.name}`);
    return site;
  });
  const streetCells = voronoiClip(source.outline, sites);
  const streetAreas = streetCells.map((cell, i) => {
    if (!cell) throw new Error(`Street ${source.streets[i]!.name} got no area in the partition`);
    return areaM2(cell);
  });
  const communityCounts = apportion(streetAreas, COMMUNITY_TOTAL, 8, 18);

  const streets = source.streets.map((street, i) => {
    const streetRng = rng.fork(street.code);
    const geometry = roundArea(streetCells[i]!);
    const cells = partition(geometry, communityCounts[i]!, streetRng);
    const communities = readingOrder(cells.map((cell) => ({ cell, label: labelPoint(cell) })), (c) => c.label).map(
      ({ cell }, index) => {
        const code = street.code + String(index + 1).padStart(3, '0');
        return { code, cell, name: uniqueName(streetRng, usedNames, communityName) };
      },
    );
    return { street, geometry, streetRng, communities };
  });

  // Grids per community follow the community's area, 2–4 each, 589 in all.
  const allCommunities = streets.flatMap((s) => s.communities);
  const gridCounts = apportion(allCommunities.map((c) => areaM2(c.cell)), GRID_TOTAL, 2, 4);
  let communityIndex = 0;
  const streetPlaces: StreetPlace[] = streets.map(({ street, geometry, streetRng, communities }) => {
    const lines = buildLines(street.code, geometry, streetRng, usedNames);
    const communityPlaces = communities.map((community) => {
      const count = gridCounts[communityIndex++]!;
      const lanes = [0, 1, 2].map(() => uniqueName(streetRng, usedNames, laneName));
      const gridCells = readingOrder(
        partition(community.cell, count, streetRng).map((cell) => ({ cell, label: labelPoint(cell) })),
        (g) => g.label,
      );
      const grids = gridCells.map(({ cell }, index) => {
        const code = community.code + String(index + 1).padStart(3, '0');
        const grid = shape(code, `${community.name}第${index + 1}网格`, cell, streetRng.int(300, 900));
        const streetNames = lines.map((line) => line.name);
        return { ...grid, buildings: buildBuildings(grid, [...lanes, ...streetNames], streetRng) };
      });
      const households = grids.reduce((sum, g) => sum + g.households, 0);
      return { ...shape(community.code, community.name, community.cell, households), grids };
    });
    const households = communityPlaces.reduce((sum, c) => sum + c.households, 0);
    return { ...shape(street.code, street.name, geometry, households), communities: communityPlaces, lines };
  });

  const households = streetPlaces.reduce((sum, s) => sum + s.households, 0);
  return { district: shape(DISTRICT_CODE, DISTRICT_NAME, source.outline, households), streets: streetPlaces };
}

/** Building points (case addresses) spread over the grid, each with a lane name and house number. */
function buildBuildings(grid: Shape, lanes: string[], rng: Rng): Building[] {
  const count = Math.max(8, Math.min(30, Math.round(grid.areaM2 / 15_000)));
  const used = new Set<string>();
  const buildings: Building[] = [];
  for (let i = 0; i < count; i++) {
    const point = randomPointIn(grid.geometry, rng, grid.bbox);
    const address = uniqueName(rng, used, (r) => `${DISTRICT_NAME}${r.pick(lanes)}${r.int(1, 199)}号`);
    buildings.push({ point, address });
  }
  return buildings;
}

/** Straight-ish east–west or north–south lines inside the street (Beijing's streets follow the compass). */
function buildLines(streetCode: string, street: Area, rng: Rng, usedNames: Set<string>): LinePlace[] {
  const count = rng.int(2, 4);
  const bbox = bboxOf(street);
  const lines: LinePlace[] = [];
  for (let attempt = 0; lines.length < count && attempt < 400; attempt++) {
    const center = randomPointIn(street, rng, bbox);
    const eastWest = rng.chance(0.5);
    const length = rng.range(250, 900) * (attempt > 200 ? 0.5 : 1);
    const skew = rng.range(-0.07, 0.07);
    const coordinates: LngLat[] = [];
    for (let k = 0; k <= 4; k++) {
      const along = (k / 4 - 0.5) * length;
      const side = along * skew + (k === 0 || k === 4 ? 0 : rng.range(-6, 6));
      coordinates.push(eastWest ? offsetM(center, along, side) : offsetM(center, side, along));
    }
    if (!lineInside(street, coordinates)) continue;
    const rounded = coordinates.map(([lng, lat]) => [Math.round(lng * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7] as LngLat);
    let lengthM = 0;
    for (let k = 1; k < rounded.length; k++) lengthM += distanceM(rounded[k - 1]!, rounded[k]!);
    lines.push({
      code: `${streetCode}L${String(lines.length + 1).padStart(2, '0')}`,
      name: uniqueName(rng, usedNames, streetLineName),
      coordinates: rounded,
      bbox: bboxOf({ type: 'LineString', coordinates: rounded }),
      lengthM: Math.round(lengthM * 10) / 10,
    });
  }
  return lines;
}

function lineInside(area: Area, coordinates: LngLat[]): boolean {
  for (let k = 1; k < coordinates.length; k++) {
    const a = coordinates[k - 1]!;
    const b = coordinates[k]!;
    const steps = Math.max(1, Math.ceil(distanceM(a, b) / 20));
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      if (!contains(area, [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])) return false;
    }
  }
  return true;
}
