import type { Basemap, BasemapPreset, OnlineSource } from '@contract/basemaps';
import type { Input } from '@contract/index';
import { invoke } from './transport';

export const basemapsApi = {
  list: (): Promise<Basemap[]> => invoke('basemaps:list', {}),
  presets: (): Promise<BasemapPreset[]> => invoke('basemaps:presets', {}),
  saveOnline: (source: Input<'basemaps:saveOnline'>): Promise<Basemap[]> => invoke('basemaps:saveOnline', source),
  remove: (id: number): Promise<Basemap[]> => invoke('basemaps:remove', { id }),
  importArchive: (file: { fileName: string; dataBase64: string }) => invoke('basemaps:importArchive', file),
};
export type { OnlineSource };
