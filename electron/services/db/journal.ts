import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * Append-only log of committed transactions.
 * Record framing: [u32 payload length][u32 crc32 of payload][payload UTF-8 JSON], little endian.
 * A record is durable once append() returns (fsync). A torn record at the tail of the newest
 * file is a write that was never acknowledged, so it is cut off on open.
 */
export interface JournalRecord<T = unknown> {
  /** Transaction number; a large transaction spans several records with the same seq. */
  seq: number;
  /** Set on the last record of a transaction: only then is the transaction committed. */
  commit: boolean;
  body: T;
}

const HEADER_BYTES = 8;
const FILE_PATTERN = /^(\d{16})\.journal$/;

export class JournalCorruptError extends Error {
  constructor(file: string, offset: number, reason: string) {
    super(`Journal ${file} is damaged at byte ${offset}: ${reason}`);
    this.name = 'JournalCorruptError';
  }
}

export function journalFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.journal`;
}

/** Journal files in the folder, oldest first, with the first sequence number each holds. */
export function listJournalFiles(dir: string): { file: string; firstSeq: number }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
    .filter((entry) => entry.match)
    .map((entry) => ({ file: path.join(dir, entry.name), firstSeq: Number(entry.match![1]) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

/**
 * Reads every valid record of a file. When `isTail`, a damaged end is truncated away (it was never
 * acknowledged); in an older file damage is real corruption and is reported.
 */
export function readJournalFile(file: string, isTail: boolean): (JournalRecord & { offset: number })[] {
  const data = fs.readFileSync(file);
  const records: (JournalRecord & { offset: number })[] = [];
  let offset = 0;
  while (offset < data.length) {
    const problem = checkRecordAt(data, offset);
    if (problem) {
      if (!isTail) throw new JournalCorruptError(file, offset, problem);
      fs.truncateSync(file, offset);
      fsyncPath(file);
      break;
    }
    const length = data.readUInt32LE(offset);
    const payload = data.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
    records.push({ ...(JSON.parse(payload.toString('utf8')) as JournalRecord), offset });
    offset += HEADER_BYTES + length;
  }
  return records;
}

function checkRecordAt(data: Buffer, offset: number): string | undefined {
  if (data.length - offset < HEADER_BYTES) return 'truncated header';
  const length = data.readUInt32LE(offset);
  if (data.length - offset - HEADER_BYTES < length) return 'truncated record';
  const payload = data.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
  if (crc32(payload) !== data.readUInt32LE(offset + 4)) return 'checksum mismatch';
  return undefined;
}

export class JournalWriter {
  private fd: number;
  private bytes: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
    // 'a' appends at the end whatever the position, so truncate() followed by write() is safe.
    this.bytes = fs.fstatSync(this.fd).size;
    fsyncDir(path.dirname(file));
  }

  get size(): number {
    return this.bytes;
  }

  /** Appends one record and returns once it is on disk. */
  append(record: JournalRecord): void {
    this.write(record);
    fs.fdatasyncSync(this.fd);
  }

  /** Appends without waiting for the disk; a later append() makes it durable together. */
  write(record: JournalRecord): void {
    // Encoded straight into the frame: a large import writes hundreds of MB through here.
    const json = JSON.stringify(record);
    const length = Buffer.byteLength(json, 'utf8');
    const frame = Buffer.allocUnsafe(HEADER_BYTES + length);
    frame.write(json, HEADER_BYTES, 'utf8');
    frame.writeUInt32LE(length, 0);
    frame.writeUInt32LE(crc32(frame.subarray(HEADER_BYTES)), 4);
    let written = 0;
    while (written < frame.length) written += fs.writeSync(this.fd, frame, written, frame.length - written);
    this.bytes += frame.length;
  }

  /** Cuts the file back, e.g. to drop the parts of a transaction that rolled back. */
  truncate(size: number): void {
    fs.ftruncateSync(this.fd, size);
    this.bytes = size;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

export function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename or a new file in `dir` durable. Windows cannot open directories; NTFS journals metadata. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
