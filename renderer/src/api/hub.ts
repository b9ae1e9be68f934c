import type { PersonalField } from '@contract/cases';
import type { HubCityRates, HubState, HubTestResult } from '@contract/hub';
import type { HubCaseDetail } from '@contract/hub-cases';
import type { HubHeat } from '@contract/hub-heat';
import type { Input } from '@contract/index';
import { invoke } from './transport';

export const hubApi = {
  state: (): Promise<HubState> => invoke('hub:state', {}),
  save: (settings: Input<'hub:saveSettings'>): Promise<HubState> => invoke('hub:saveSettings', settings),
  clear: (): Promise<HubState> => invoke('hub:clearSettings', {}),
  /** Without an address: the stored one. An empty password: the stored one, for the same server. */
  test: (address?: string, password?: string): Promise<HubTestResult> => invoke('hub:test', { address, password: password || undefined }),
  syncNow: (): Promise<HubState> => invoke('hub:syncNow', {}),
  cityRates: (month: string): Promise<HubCityRates> => invoke('hub:cityRates', { month }),
  /** The hub's cases received in the month in a street, or with a case number; newest first. */
  cases: (query: Input<'hub:cases'>) => invoke('hub:cases', query),
  caseDetail: (uid: string): Promise<HubCaseDetail> => invoke('hub:case', { uid }),
  /** One personal field of a hub case unmasked for the current view; logged with the reason. Never kept in a store. */
  unmask: (uid: string, field: PersonalField, reason: string): Promise<string | null> =>
    invoke('hub:unmask', { uid, field, reason }).then((r) => r.value),
  /** The city's heat computed on the hub, in the person's scope: the months both included, all when absent. */
  heat: (query: Input<'hub:heat'>): Promise<HubHeat> => invoke('hub:heat', query),
};
