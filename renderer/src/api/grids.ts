import type { RegionLevel } from '@contract/common';
import type { BoundaryInspection, CodeReport, GridImportReport, RegionPanel, TopologyReport } from '@contract/grids';
import { invoke } from './transport';

export interface BoundaryUpload {
  fileName: string;
  dataBase64: string;
}

export const gridsApi = {
  inspect: (file: BoundaryUpload): Promise<BoundaryInspection> => invoke('grids:inspect', file),
  import: (input: BoundaryUpload & { level: RegionLevel; nameField: string; codeField: string | null; crs: string | null }): Promise<GridImportReport> =>
    invoke('grids:import', input),
  check: (level?: RegionLevel): Promise<TopologyReport> => invoke('grids:check', level ? { level } : {}),
  validateCodes: (): Promise<CodeReport> => invoke('grids:validateCodes', {}),
  regenerateCodes: (): Promise<CodeReport> => invoke('grids:regenerateCodes', {}),
  panel: (regionId: number): Promise<RegionPanel> => invoke('grids:panel', { regionId }),
  unstaffed: (): Promise<number[]> => invoke('grids:unstaffed', {}),
};

/** A File's bytes as base64, in chunks (String.fromCharCode on megabytes at once overflows the stack). */
export async function fileToUpload(file: File): Promise<BoundaryUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, dataBase64: btoa(binary) };
}
