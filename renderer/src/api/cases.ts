import type { CaseDetail, CaseFilter, CasePage, SavedCaseView } from '@contract/cases';
import { unpackCasePoints, type CasePoint } from '@contract/case-points';
import { invoke } from './transport';

export type { CasePoint };

export const casesApi = {
  list: (filter: CaseFilter, offset: number, limit: number): Promise<CasePage> =>
    invoke('cases:list', { filter, offset, limit }),
  /** colorBy 'due': the 4th value is the due state (0 none/closed, 1 in time, 2 near-due, 3 overdue). */
  points: async (filter: CaseFilter, colorBy: 'status' | 'due' = 'status'): Promise<CasePoint[]> =>
    unpackCasePoints(await invoke('cases:points', { filter, colorBy })),
  views: (): Promise<SavedCaseView[]> => invoke('cases:views', {}),
  saveView: (name: string, filter: CaseFilter): Promise<SavedCaseView> => invoke('cases:saveView', { name, filter }),
  deleteView: (id: number) => invoke('cases:deleteView', { id }),
  get: (id: number): Promise<CaseDetail> => invoke('cases:get', { id }),
};
