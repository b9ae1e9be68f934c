import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { StagedFile } from '../contract';
import type { BackendClient } from '../services/backend/backend.client';
import { stageFromDisk } from '../services/import/stage-from-disk';

/** The spreadsheets the import wizard reads (WPS saves .et). */
const TABLE_FILTERS: OpenDialogOptions['filters'] = [
  { name: '表格文件', extensions: ['xlsx', 'xls', 'et', 'csv', 'txt'] },
  { name: '所有文件', extensions: ['*'] },
];

/**
 * import:choose-file, answered by main itself: main shows the open dialog, so the path the user
 * picked never reaches the renderer, and main copies the file into the worker's staging area
 * chunk by chunk (import:stage, the same checks as an upload). The renderer gets the staged id
 * and the file's name — nothing it could use to name another file. Null when the user cancelled.
 */
export async function chooseImportFile(window: BrowserWindow | undefined, backend: Pick<BackendClient, 'invoke'>): Promise<StagedFile | null> {
  const options: OpenDialogOptions = { title: '选择要导入的表格', buttonLabel: '导入', filters: TABLE_FILTERS, properties: ['openFile', 'dontAddToRecent'] };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const file = result.canceled ? undefined : result.filePaths[0];
  if (!file) return null;
  return stageFromDisk(file, (input) => backend.invoke('import:stage', input));
}
