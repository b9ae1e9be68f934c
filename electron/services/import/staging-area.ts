import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { INPUT_LIMITS, base64Length, sizeLabel } from '../../contract/input-limits';
import { AppError } from '../shared/app-error';
import { tableFormat, tableSizeLimit } from './table-reader';

export const STAGE_DIR = 'import-staging';
const STAGED_ID = /^[a-z0-9-]{8,64}$/;
const STAGED_NAME = /^[a-z0-9-]{8,64}(\.[a-z0-9]{1,8})?$/;
/**
 * A staged file untouched this long is a leftover (a crash, a wizard closed after inspecting):
 * swept when the workspace opens and when a new upload starts. Not younger ones: another process
 * opening the same workspace (read-only) must not delete an upload still in progress.
 */
export const STALE_STAGED_MS = 10 * 60 * 1000;
/** Errors after which no option (encoding, sheet, header row) can make the file readable. */
const HOPELESS = new Set(['file_too_large', 'unreadable_file', 'unsupported_file']);

/**
 * Uploaded files waiting to be imported, in `<workspace>/import-staging/`: capped by format as
 * they arrive (INPUT_LIMITS), deleted when their import ends, and swept when left behind.
 */
export class StagingArea {
  readonly dir: string;

  constructor(workspaceDir: string) {
    this.dir = path.join(workspaceDir, STAGE_DIR);
    this.sweep(STALE_STAGED_MS);
  }

  /** Appends a chunk of an uploaded file; refuses (and deletes the upload) once it passes its format's cap. */
  stage(fileName: string, dataBase64: string, stagedId?: string): { stagedId: string; bytes: number } {
    const id = stagedId ?? crypto.randomUUID();
    if (!STAGED_ID.test(id)) throw new AppError('invalid_input', 'stagedId 无效');
    // The extension decides the reader: an unsupported file is refused before any byte is kept.
    const format = tableFormat(fileName);
    if (dataBase64.length > base64Length(INPUT_LIMITS.stageChunkBytes)) {
      throw new AppError('file_too_large', `${fileName}：一次上传的数据超过 ${sizeLabel(INPUT_LIMITS.stageChunkBytes)}，请分段上传`);
    }
    const file = this.pathOf(id, fileName);
    if (!stagedId) {
      this.sweep(STALE_STAGED_MS);
      fs.mkdirSync(this.dir, { recursive: true });
    } else if (!fs.existsSync(file)) {
      throw new AppError('not_found', `${fileName}：上传已中断或已被清理，请重新选择文件`);
    }
    const chunk = Buffer.from(dataBase64, 'base64');
    const before = stagedId ? fs.statSync(file).size : 0;
    const limit = tableSizeLimit(format);
    if (before + chunk.length > limit) {
      this.remove(file);
      throw new AppError('file_too_large', `${fileName}：文件超过 ${format.toUpperCase()} 导入上限 ${sizeLabel(limit)}，已停止上传${format === 'csv' ? '，请按时间拆分成几个文件分批导入' : `，请另存为 CSV 再导入（CSV 可到 ${sizeLabel(INPUT_LIMITS.csvBytes)}）`}`);
    }
    try {
      fs.appendFileSync(file, chunk);
    } catch (error) {
      // A half-written chunk (disk full) must not be read as the file.
      this.remove(file);
      const code = (error as NodeJS.ErrnoException).code;
      throw new AppError(code === 'ENOSPC' ? 'disk_full' : 'write_failed', `${fileName}：暂存上传的文件失败（${code === 'ENOSPC' ? '磁盘已满' : code ?? String(error)}），请重新选择文件`);
    }
    return { stagedId: id, bytes: before + chunk.length };
  }

  /** The staged file behind an id, or a message naming the file when it is gone. */
  resolve(stagedId: string, fileName: string): string {
    if (!STAGED_ID.test(stagedId)) throw new AppError('invalid_input', 'stagedId 无效');
    const file = this.pathOf(stagedId, fileName);
    if (!fs.existsSync(file)) throw new AppError('not_found', `${fileName}: 上传的文件已不存在，请重新选择`);
    return file;
  }

  /** Deletes a file if it is one of ours (never a file a trusted caller read in place). */
  discard(file: string): void {
    if (path.dirname(path.resolve(file)) === path.resolve(this.dir)) this.remove(file);
  }

  /** Deletes the staged file when reading it failed in a way no option (encoding, sheet) can fix. */
  discardAfter(file: string, error: unknown): void {
    if (error instanceof AppError && HOPELESS.has(error.code)) this.discard(file);
  }

  /** discardAfter, then rethrows. */
  discardIfHopeless(file: string, error: unknown): never {
    this.discardAfter(file, error);
    throw error;
  }

  /** Deletes staged files not written for `olderThanMs` (0: all). */
  sweep(olderThanMs: number): number {
    let removed = 0;
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return 0;
    }
    const cutoff = Date.now() - olderThanMs;
    for (const name of names) {
      if (!STAGED_NAME.test(name)) continue;
      const file = path.join(this.dir, name);
      try {
        if (olderThanMs > 0 && fs.statSync(file).mtimeMs > cutoff) continue;
        fs.rmSync(file, { force: true });
        removed++;
      } catch {
        // Open elsewhere (Windows) or gone already: the next sweep tries again.
      }
    }
    return removed;
  }

  private pathOf(stagedId: string, fileName: string): string {
    return path.join(this.dir, stagedId + path.extname(fileName).toLowerCase());
  }

  private remove(file: string): void {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // Swept at the next start.
    }
  }
}
