import type { MapSearchHit } from '../../contract';
import type { Scope } from '../auth/scope';
import { maskAddress } from '../cases/personal-data';
import type { MapSearchRepository, RegionHitRow } from './map-search.repository';

/**
 * The map's search box: digits are a region code or its prefix (DB11 codes are 15 digits:
 * district 6 + street 3 + community 3 + grid 3); other text matches region names and the
 * addresses of known cases.
 */
export class MapSearchService {
  constructor(
    private readonly repo: MapSearchRepository,
    /** Where the signed-in person acts: addresses are of cases in their scope only. */
    private readonly scope: () => Scope,
  ) {}

  search(text: string, limit = 20): MapSearchHit[] {
    const query = text.trim();
    if (!query) return [];
    if (/^\d+$/.test(query)) return this.repo.regionsByCode(query, limit).map(regionHit);
    const regions = this.repo.regionsByName(query, limit).map(regionHit);
    // Matched on the whole address (the person typed it), shown masked like every list.
    const addresses = this.repo.addresses(query, Math.max(0, limit - regions.length), this.scope()).map(
      (row): MapSearchHit => ({
        kind: 'address', id: row.id, level: null, code: null, name: maskAddress(row.address) ?? '', detail: null, caseCount: row.n, bbox: null, point: [row.lng, row.lat],
      }),
    );
    return [...regions, ...addresses];
  }
}

function regionHit(row: RegionHitRow): MapSearchHit {
  const box = row.minLng !== null && row.minLat !== null && row.maxLng !== null && row.maxLat !== null;
  return {
    kind: 'region', id: row.id, level: row.level, code: row.code, name: row.name, detail: row.parentName, caseCount: null,
    bbox: box ? [row.minLng!, row.minLat!, row.maxLng!, row.maxLat!] : null, point: null,
  };
}
