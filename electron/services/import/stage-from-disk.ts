import fs from 'node:fs';
import path from 'node:path';
import type { StagedFile } from '../../contract';
import { AppError } from '../shared/app-error';
import { checkTableSize, tableFormat } from './table-reader';

/** One import:stage call: a chunk of bytes (base64), and the id of the staged file after the first. */
export type StageChunk = (input: { fileName: string; dataBase64: string; stagedId?: string }) => Promise<{ stagedId: string; bytes: number }>;

/** Bytes per chunk: under the HTTP bridge's 8 MB body limit once base64-encoded, as the renderer sends them. */
export const STAGE_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Copies a file the user chose on this computer (Electron's open dialog in main, a path on the
 * CLI's command line) into the import staging area through import:stage, chunk by chunk — the
 * same and only way bytes reach an import, so every check on staged files applies. Reads one
 * chunk at a time: a large CSV never sits in memory whole.
 */
export async function stageFromDisk(file: string, stage: StageChunk, chunkBytes = STAGE_CHUNK_BYTES): Promise<StagedFile> {
  const fileName = path.basename(file);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'not_found' : 'unreadable', code === 'ENOENT' ? `${file}: 文件不存在` : `${file}: 无法读取（${code ?? String(error)}）`);
  }
  try {
    if (!(await handle.stat()).isFile()) throw new AppError('invalid_input', `${file}: 不是文件`);
    // Over its format's cap: refused before a byte is copied (staging would stop it only at the cap).
    checkTableSize(file, tableFormat(fileName), fileName);
    const buffer = Buffer.alloc(chunkBytes);
    let staged: { stagedId: string; bytes: number } | undefined;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      // An empty file is staged too (one empty chunk), so the reader reports it as empty by name.
      if (bytesRead === 0 && staged) break;
      const dataBase64 = buffer.subarray(0, bytesRead).toString('base64');
      staged = await stage({ fileName, dataBase64, ...(staged ? { stagedId: staged.stagedId } : {}) });
      if (bytesRead < chunkBytes) break;
    }
    return { stagedId: staged!.stagedId, fileName, bytes: staged!.bytes };
  } finally {
    await handle.close();
  }
}
