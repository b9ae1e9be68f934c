// Zip reading that a zip bomb cannot blow up: sizes declared in the central directory are checked
// before anything is inflated, and while inflating, an entry that grows past what it declared (or
// past the cap) stops at once, so a lying header costs at most the cap, never the bomb's full size.
import { Inflate } from 'fflate';
import { sizeLabel } from '../../contract/input-limits';
import { AppError } from '../shared/app-error';

export interface ZipLimits {
  entries: number;
  /** Declared and real size of any one entry. */
  entryBytes: number;
  /** Declared and real size of all entries read. */
  totalBytes: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** The size the directory declares; the real size is checked against it while inflating. */
  size: number;
  localOffset: number;
}

/**
 * Deflate expands at most 1,032 times: input is fed in steps that cannot yield much more than the
 * entry may still produce (so a lying entry is stopped within about 1 MB of its declared size),
 * and no bigger than 16 KB: at most ~16 MB of output held per step (measured fastest, too).
 */
const MAX_RATIO = 1032;
const stepFor = (room: number) => Math.max(1024, Math.min(16 * 1024, Math.ceil(room / MAX_RATIO)));

/** The central directory, checked against the limits (nothing inflated yet). */
export function zipEntries(bytes: Uint8Array, fileName: string, limits: ZipLimits): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  // The end record is in the last 22 + 65,535 (comment) bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new AppError('unreadable_file', `${fileName}：不是完整的 zip 压缩文件（文件可能被截断或已损坏）`);
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw tooBig(fileName, '压缩包使用 ZIP64 格式（超过 4 GB 或 65,535 个文件）');
  if (count > limits.entries) throw tooBig(fileName, `压缩包包含 ${count} 个文件，超过上限 ${limits.entries} 个`);
  const entries: ZipEntry[] = [];
  let declared = 0;
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      throw new AppError('unreadable_file', `${fileName}：zip 目录已损坏（第 ${n + 1} 项）`);
    }
    const nameLength = view.getUint16(offset + 28, true);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw tooBig(fileName, `压缩包中的 ${entry.name} 使用 ZIP64 格式（超过 4 GB）`);
    if (entry.size > limits.entryBytes) throw tooBig(fileName, `压缩包中的 ${entry.name} 解压后有 ${sizeLabel(entry.size)}，超过上限 ${sizeLabel(limits.entryBytes)}`);
    declared += entry.size;
    if (declared > limits.totalBytes) throw tooBig(fileName, `压缩包解压后超过 ${sizeLabel(limits.totalBytes)}`);
    entries.push(entry);
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}

/**
 * Inflates one entry, refusing it as soon as it yields more than it declared. With `keep` false
 * the bytes are only counted (a check of the whole archive before another library unpacks it).
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string, keep = true): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) {
    throw new AppError('unreadable_file', `${fileName}：${entry.name} 的数据已损坏或被截断`);
  }
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new AppError('unreadable_file', `${fileName}：${entry.name} 的数据被截断（文件不完整）`);
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw new AppError('unreadable_file', `${fileName}：${entry.name} 的大小与目录不符`);
    return keep ? data : new Uint8Array(0);
  }
  if (entry.method !== 8) throw new AppError('unreadable_file', `${fileName}：${entry.name} 使用不支持的压缩方式 ${entry.method}`);
  const chunks: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > entry.size) throw tooBig(fileName, `压缩包中的 ${entry.name} 实际解压后超过目录声明的 ${sizeLabel(entry.size)}（可能是“压缩炸弹”）`);
    if (keep) chunks.push(chunk);
  });
  try {
    let at = 0;
    do {
      const next = Math.min(data.length, at + stepFor(entry.size - produced));
      inflater.push(data.subarray(at, next), next >= data.length);
      at = next;
    } while (at < data.length);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('unreadable_file', `${fileName}：${entry.name} 解压失败（${(error as Error).message}）`);
  }
  if (produced !== entry.size) throw new AppError('unreadable_file', `${fileName}：${entry.name} 解压后的大小与目录不符（文件可能已损坏）`);
  if (!keep) return new Uint8Array(0);
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(produced);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Checks every entry's declared and real size without keeping anything (before SheetJS unpacks it). */
export function checkZip(bytes: Uint8Array, fileName: string, limits: ZipLimits): void {
  for (const entry of zipEntries(bytes, fileName, limits)) inflateEntry(bytes, entry, fileName, false);
}

function tooBig(fileName: string, why: string): AppError {
  return new AppError('file_too_large', `${fileName}：${why}，已拒绝导入`);
}
