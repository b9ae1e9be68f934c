import type { Crs, Geometry } from '../../contract';
import { toWgs84 } from '../geo/crs';
import { pointInGeometry } from '../geo/point-in-polygon';
import type { RegionRepository } from './region.repository';

export interface Located {
  lng: number;
  lat: number;
  gridId: number | null;
  communityId: number | null;
  streetId: number | null;
}

/** Finds the grid (and its community and street) that holds a point. */
export class GridLocator {
  constructor(private readonly regions: RegionRepository) {}

  locate(lng: number, lat: number, crs: Crs): Located {
    const [wgsLng, wgsLat] = toWgs84(lng, lat, crs);
    const hit = this.regions
      .gridsAround(wgsLng, wgsLat)
      .find((grid) => pointInGeometry(wgsLng, wgsLat, JSON.parse(grid.geometry) as Geometry));
    return {
      lng: wgsLng,
      lat: wgsLat,
      gridId: hit?.id ?? null,
      communityId: hit?.communityId ?? null,
      streetId: hit?.streetId ?? null,
    };
  }
}
