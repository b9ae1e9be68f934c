import type { Basemap, BasemapPreset, OfflineEstimate, OfflineJob, OnlineSource } from '@contract/basemaps';
import type { Input } from '@contract/index';
import { invoke } from './transport';

export const basemapsApi = {
  list: (): Promise<Basemap[]> => invoke('basemaps:list', {}),
  presets: (): Promise<BasemapPreset[]> => invoke('basemaps:presets', {}),
  saveOnline: (source: Input<'basemaps:saveOnline'>): Promise<Basemap[]> => invoke('basemaps:saveOnline', source),
  remove: (id: number): Promise<Basemap[]> => invoke('basemaps:remove', { id }),
  importArchive: (file: { fileName: string; dataBase64: string }) => invoke('basemaps:importArchive', file),
  offlineEstimate: (area: Input<'basemaps:offlineEstimate'>): Promise<OfflineEstimate> => invoke('basemaps:offlineEstimate', area),
  offlineStart: (area: Input<'basemaps:offlineStart'>): Promise<OfflineJob> => invoke('basemaps:offlineStart', area),
  offlineJobs: (): Promise<OfflineJob[]> => invoke('basemaps:offlineJobs', {}),
  offlineCancel: (jobId: string): Promise<OfflineJob> => invoke('basemaps:offlineCancel', { jobId }),
  offlineResume: (jobId: string): Promise<OfflineJob> => invoke('basemaps:offlineResume', { jobId }),
};
export type { OnlineSource };
