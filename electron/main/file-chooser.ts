import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { ReceiveReport, StagedFile } from '../contract';
import { INPUT_LIMITS, sizeLabel } from '../contract/input-limits';
import { AppError } from '../services/shared/app-error';
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

/**
 * exchange:choose-package, answered by main itself: main shows the open dialog, reads the package
 * (no larger than a package may be) and receives it through the backend (exchange:receive: the
 * same permission and checks as bytes from a browser). The page never sees the path. Null when
 * the user cancelled.
 */
export async function chooseExchangePackage(window: BrowserWindow | undefined, backend: Pick<BackendClient, 'invoke'>): Promise<ReceiveReport | null> {
  const options: OpenDialogOptions = {
    title: '选择要接收的交换包', buttonLabel: '接收', properties: ['openFile', 'dontAddToRecent'],
    filters: [{ name: 'GridDesk 交换包', extensions: ['gdx'] }, { name: '所有文件', extensions: ['*'] }],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const file = result.canceled ? undefined : result.filePaths[0];
  if (!file) return null;
  if (fs.statSync(file).size > INPUT_LIMITS.exchangePackageBytes) {
    throw new AppError('exchange_too_large', `交换包超过 ${sizeLabel(INPUT_LIMITS.exchangePackageBytes)}，未导入。`);
  }
  const dataBase64 = (await fs.promises.readFile(file)).toString('base64');
  return backend.invoke('exchange:receive', { fileName: path.basename(file), dataBase64 });
}
