import type { CaseFilter } from '@contract/cases';
import type { RegionLevel } from '@contract/common';
import { invoke } from './transport';

export const exportApi = {
  cases: (filter: CaseFilter, format: 'xlsx' | 'csv' | 'geojson', encoding: 'utf-8-bom' | 'gbk', unmask: boolean, reason?: string) =>
    invoke('export:cases', { filter, format, encoding, unmask, reason }),
  grids: (format: 'geojson' | 'kml', level: RegionLevel) => invoke('export:grids', { format, level }),
};
