import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/app-error';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Files of a workspace, named by the sha256 of their bytes: `<workspace>/attachments/ab/abcd…`.
 * The same photo attached twice is one file. A file is only ever found by its hash, checked to be
 * 64 hex digits before it becomes a path, so no name from outside can point anywhere else.
 */
export class AttachmentStore {
  readonly root: string;

  constructor(workspaceDir: string) {
    this.root = path.join(workspaceDir, 'attachments');
  }

  /** Writes the bytes unless a file with their hash is already there; returns the hash. */
  put(bytes: Uint8Array): string {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const file = this.file(sha256);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Written aside, flushed, then renamed: a crash never leaves a truncated file under a good name.
      const temp = `${file}.${process.pid}.tmp`;
      const fd = fs.openSync(temp, 'w');
      try {
        fs.writeSync(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, file);
    }
    return sha256;
  }

  read(sha256: string): Buffer {
    const file = this.file(sha256);
    if (!fs.existsSync(file)) throw new AppError('not_found', `附件 ${sha256} 的文件不在工作区中`);
    return fs.readFileSync(file);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.file(sha256));
  }

  private file(sha256: string): string {
    if (!SHA256.test(sha256)) throw new AppError('invalid_input', `附件标识不是 sha256：${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }
}
