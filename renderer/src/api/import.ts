import type {
  ImportBatch, ImportFileRef, ImportResult as RosterResult, RosterColumns, RosterReport, RosterTarget, ImportMapping, ImportMappingInput, ImportProgress, ImportResult, ImportTableInfo, ImportTableOptions, ImportTemplate, ExportedFile, StagedFile,
} from '@contract/import';
import { invoke, transportKind } from './transport';

/** Bytes per upload call: under the HTTP bridge's 8 MB body limit once base64-encoded. */
const CHUNK = 4 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const importApi = {
  /** Uploads a chosen file in chunks; the renderer cannot hand the services a path. */
  async stage(file: File, onProgress?: (share: number) => void): Promise<ImportFileRef> {
    let stagedId: string | undefined;
    if (file.size === 0) stagedId = (await invoke('import:stage', { fileName: file.name, dataBase64: '' })).stagedId;
    for (let offset = 0; offset < file.size; offset += CHUNK) {
      const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
      stagedId = (await invoke('import:stage', { fileName: file.name, dataBase64: toBase64(bytes), ...(stagedId ? { stagedId } : {}) })).stagedId;
      onProgress?.(Math.min(1, (offset + CHUNK) / file.size));
    }
    return { stagedId: stagedId!, fileName: file.name };
  },
  /** In the desktop app the main process shows the open dialog and stages the file itself (the path never reaches the page). */
  canChooseInMain: (): boolean => transportKind() === 'ipc',
  /** Main's chooser: the staged file, or null when the user cancelled. */
  chooseInMain: (): Promise<StagedFile | null> => invoke('import:choose-file', {}),
  inspect: (file: ImportFileRef, table: ImportTableOptions) =>
    invoke('import:inspect', { file, table }) as Promise<{ table: ImportTableInfo; mapping: ImportMapping; templateName: string | null; detectedDateFormats: ImportMapping['dateFormats'] }>,
  start: (file: ImportFileRef, table: ImportTableOptions, mapping: ImportMappingInput) => invoke('import:start', { file, table, mapping }),
  progress: (jobId: string): Promise<ImportProgress> => invoke('import:progress', { jobId }),
  cancel: (jobId: string) => invoke('import:cancel', { jobId }),
  commit: (jobId: string): Promise<ImportResult> => invoke('import:commit', { jobId }),
  refused: (jobId: string): Promise<ExportedFile> => invoke('import:refused', { jobId }),
  batches: (): Promise<ImportBatch[]> => invoke('import:batches', {}),
  undo: (batchId: number) => invoke('import:undo', { batchId }),
  templates: (): Promise<ImportTemplate[]> => invoke('import:templates', {}),
  saveTemplate: (name: string, headers: string[], mapping: ImportMappingInput) => invoke('import:save-template', { name, headers, mapping }),
  rosterInspect: (file: ImportFileRef, table: ImportTableOptions, target: RosterTarget) =>
    invoke('import:roster-inspect', { file, table, target }) as Promise<{ table: ImportTableInfo; columns: RosterColumns }>,
  rosterValidate: (file: ImportFileRef, table: ImportTableOptions, target: RosterTarget, columns: RosterColumns): Promise<RosterReport> =>
    invoke('import:roster-validate', { file, table, target, columns }),
  rosterCommit: (file: ImportFileRef, table: ImportTableOptions, target: RosterTarget, columns: RosterColumns): Promise<{ report: RosterReport; result: RosterResult }> =>
    invoke('import:roster-commit', { file, table, target, columns }),
};

/** Saves a file the services produced through the browser's download (works in Electron too). */
export function downloadFile(file: ExportedFile): void {
  const bytes = Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
