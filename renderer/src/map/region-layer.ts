import L from 'leaflet';
import type { Geometry, RegionLevel } from '@contract/common';
import type { RegionShape } from '@contract/regions';

/** How each level is drawn: streets with a strong outline, grids thin. */
export const REGION_STYLES: Record<RegionLevel, L.PathOptions> = {
  district: { color: '#0b3d91', weight: 3.5, opacity: 0.95, fill: false },
  street: { color: '#1d4ed8', weight: 2.4, opacity: 0.9, fillColor: '#3b82f6', fillOpacity: 0.03 },
  community: { color: '#4b6b9a', weight: 1.2, opacity: 0.75, dashArray: '4 3', fill: false },
  grid: { color: '#5a7bb5', weight: 0.6, opacity: 0.65, fillColor: '#93c5fd', fillOpacity: 0.05 },
};

/** Also drawn as the map legend's swatch (MapLegend.vue). */
export const UNSTAFFED_STYLE: L.PathOptions = { color: '#d9363e', weight: 1.6, opacity: 0.9, fillColor: '#ff7875', fillOpacity: 0.28, dashArray: '3 2' };

export function geometryLatLngs(geometry: Geometry): L.LatLng[][] | L.LatLng[][][] | null {
  if (geometry.type === 'Polygon') return L.GeoJSON.coordsToLatLngs(geometry.coordinates, 1) as L.LatLng[][];
  if (geometry.type === 'MultiPolygon') return L.GeoJSON.coordsToLatLngs(geometry.coordinates, 2) as L.LatLng[][][];
  return null;
}

/**
 * The outlines of one region level. Each SVG path carries the classes `gd-region gd-region--<level>`
 * (tests count them). Non-interactive: clicks fall through to the map, which picks case points.
 */
export class RegionLayer extends L.FeatureGroup {
  private readonly polygons = new Map<number, L.Polygon>();

  constructor(
    readonly level: RegionLevel,
    shapes: RegionShape[],
  ) {
    super();
    for (const shape of shapes) {
      const latLngs = geometryLatLngs(shape.geometry);
      if (!latLngs) continue;
      const polygon = L.polygon(latLngs, {
        ...REGION_STYLES[level],
        interactive: false,
        className: `gd-region gd-region--${level}`,
        // The grid editor snaps to grid and community edges (so no gaps appear) but never edits these outlines.
        pmIgnore: true,
        snapIgnore: level !== 'grid' && level !== 'community',
      });
      this.polygons.set(shape.id, polygon);
      this.addLayer(polygon);
    }
  }

  /** Grids with nobody on duty: a red outline and fill so they stand out (class gd-region--unstaffed). */
  markUnstaffed(ids: ReadonlySet<number>): void {
    for (const [id, polygon] of this.polygons) {
      const lonely = ids.has(id);
      polygon.setStyle(lonely ? UNSTAFFED_STYLE : REGION_STYLES[this.level]);
      polygon.getElement()?.classList.toggle('gd-region--unstaffed', lonely);
    }
  }

  get size(): number {
    return this.polygons.size;
  }

  boundsOf(id: number): L.LatLngBounds | undefined {
    return this.polygons.get(id)?.getBounds();
  }

  latLngsOf(id: number): L.LatLng[][] | L.LatLng[][][] | undefined {
    return this.polygons.get(id)?.getLatLngs() as L.LatLng[][] | L.LatLng[][][] | undefined;
  }
}
