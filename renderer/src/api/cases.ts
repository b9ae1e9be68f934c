import type { CaseDetail, CaseFilter, CasePage } from '@contract/cases';
import { invoke } from './transport';

/** [id, lng, lat, status index into CaseStatus.options] */
export type CasePoint = [number, number, number, number];

export const casesApi = {
  list: (filter: CaseFilter, offset: number, limit: number): Promise<CasePage> =>
    invoke('cases:list', { filter, offset, limit }),
  points: (filter: CaseFilter): Promise<CasePoint[]> => invoke('cases:points', { filter }),
  get: (id: number): Promise<CaseDetail> => invoke('cases:get', { id }),
};
