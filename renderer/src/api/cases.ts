import type { CaseDetail, CaseFilter, CasePage, SavedCaseView } from '@contract/cases';
import { invoke } from './transport';

/** [id, lng, lat, status index into CaseStatus.options] */
export type CasePoint = [number, number, number, number];

export const casesApi = {
  list: (filter: CaseFilter, offset: number, limit: number): Promise<CasePage> =>
    invoke('cases:list', { filter, offset, limit }),
  /** colorBy 'due': the 4th value is the due state (0 none/closed, 1 in time, 2 near-due, 3 overdue). */
  points: (filter: CaseFilter, colorBy: 'status' | 'due' = 'status'): Promise<CasePoint[]> => invoke('cases:points', { filter, colorBy }),
  views: (): Promise<SavedCaseView[]> => invoke('cases:views', {}),
  saveView: (name: string, filter: CaseFilter): Promise<SavedCaseView> => invoke('cases:saveView', { name, filter }),
  deleteView: (id: number) => invoke('cases:deleteView', { id }),
  get: (id: number): Promise<CaseDetail> => invoke('cases:get', { id }),
};
