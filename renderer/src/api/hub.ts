import type { HubCityRates, HubState, HubTestResult } from '@contract/hub';
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
};
