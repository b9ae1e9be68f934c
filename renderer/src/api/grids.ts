import type { RegionLevel } from '@contract/common';
import type { Geometry } from '@contract/common';
import type { BoundaryInspection, CodeReport, GridEditEntry, GridEditResult, GridImportReport, RegionPanel, TopologyReport } from '@contract/grids';
import type { StreetImportReport, StreetLine } from '@contract/streets';
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
  draw: (geometry: Geometry, name: string | null): Promise<GridEditResult> => invoke('grids:draw', { geometry, name }),
  reshape: (regionId: number, geometry: Geometry): Promise<GridEditResult> => invoke('grids:reshape', { regionId, geometry }),
  split: (regionId: number, line: [number, number][], newName: string | null): Promise<GridEditResult> => invoke('grids:split', { regionId, line, newName }),
  merge: (regionId: number, otherId: number): Promise<GridEditResult> => invoke('grids:merge', { regionId, otherId }),
  undo: (): Promise<GridEditResult> => invoke('grids:undo', {}),
  edits: (): Promise<GridEditEntry[]> => invoke('grids:edits', {}),
};

/** Street lines (街巷) and their chiefs: they belong with the grids on the map. */
export const streetsApi = {
  list: (): Promise<StreetLine[]> => invoke('streets:list', {}),
  draw: (name: string, line: [number, number][], chiefStaffId: number | null): Promise<StreetLine> => invoke('streets:draw', { name, line, chiefStaffId }),
  import: (file: BoundaryUpload & { nameField: string; codeField: string | null; crs: string | null }): Promise<StreetImportReport> =>
    invoke('streets:import', file),
  assignChief: (streetLineId: number, staffId: number | null): Promise<StreetLine> => invoke('streets:assignChief', { streetLineId, staffId }),
};

/** A File's bytes as base64, in chunks (String.fromCharCode on megabytes at once overflows the stack). */
export async function fileToUpload(file: File): Promise<BoundaryUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, dataBase64: btoa(binary) };
}
