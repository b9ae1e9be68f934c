import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { dbFs } from './db-fs';
import { storageError } from './storage-error';

/**
 * Append-only log of committed transactions. Record framing (little endian):
 *   v2 (written now): [u32 MAGIC][u32 payload length][u32 crc32 of payload][u32 crc32 of the 12 bytes before][payload]
 *   v1 (older files, still read): [u32 payload length][u32 crc32 of payload][payload]
 * The payload is UTF-8 JSON starting with `{"seq":`. The magic lets recovery find the next record
 * after damage; the header checksum tells a damaged length (damage) from a record the disk never
 * got to the end of (a torn tail). A record is durable once append() returns (fsync).
 */
export interface JournalRecord<T = unknown> {
  /** Transaction number; a large transaction spans several records with the same seq. */
  seq: number;
  /** Set on the last record of a transaction: only then is the transaction committed. */
  commit: boolean;
  /** Position in its transaction (0, 1, …): salvage can tell a whole transaction from a tail. Absent in v1. */
  part?: number;
  body: T;
}

/** Bytes 'G' 'D' 'J' 0xD7: as a v1 length it would be a 3.6 GB record, which v1 never wrote. */
export const MAGIC = 0xd74a4447;
const V2_HEADER = 16;
const V1_HEADER = 8;
const PAYLOAD_START = Buffer.from('{"seq":');
const FILE_PATTERN = /^(\d{16})\.journal$/;

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

export type RecordProblem = 'crc' | 'header' | 'length' | 'json';
/** What is at `offset`: a whole record, the start of one the file ends inside (torn), or damage. */
export type ReadResult =
  | { kind: 'record'; record: JournalRecord; end: number; v2: boolean }
  | { kind: 'torn' }
  | { kind: 'bad'; problem: RecordProblem };

/** `v2Seen`: a v2 record came before in this file, so a record without the magic is damage. */
export function readRecordAt(data: Buffer, offset: number, v2Seen: boolean): ReadResult {
  const left = data.length - offset;
  if (left < 4) return { kind: 'torn' };
  if (data.readUInt32LE(offset) === MAGIC) {
    if (left < V2_HEADER) return { kind: 'torn' };
    if (crc32(data.subarray(offset, offset + 12)) !== data.readUInt32LE(offset + 12)) return { kind: 'bad', problem: 'header' };
    const length = data.readUInt32LE(offset + 4);
    if (length < PAYLOAD_START.length) return { kind: 'bad', problem: 'length' };
    return payloadAt(data, offset + V2_HEADER, length, data.readUInt32LE(offset + 8), true);
  }
  if (v2Seen) return { kind: 'bad', problem: 'header' };
  // v1: no header checksum, so the payload's first bytes must be what every payload starts with.
  const seen = data.subarray(offset + V1_HEADER, offset + V1_HEADER + PAYLOAD_START.length);
  if (!PAYLOAD_START.subarray(0, seen.length).equals(seen)) return { kind: 'bad', problem: 'header' };
  if (left < V1_HEADER + PAYLOAD_START.length) return { kind: 'torn' };
  const length = data.readUInt32LE(offset);
  if (length < PAYLOAD_START.length) return { kind: 'bad', problem: 'length' };
  return payloadAt(data, offset + V1_HEADER, length, data.readUInt32LE(offset + 4), false);
}

function payloadAt(data: Buffer, start: number, length: number, crc: number, v2: boolean): ReadResult {
  if (data.length - start < length) return { kind: 'torn' };
  const payload = data.subarray(start, start + length);
  if (crc32(payload) !== crc) return { kind: 'bad', problem: 'crc' };
  try {
    return { kind: 'record', record: JSON.parse(payload.toString('utf8')) as JournalRecord, end: start + length, v2 };
  } catch {
    return { kind: 'bad', problem: 'json' };
  }
}

/** The next offset after `from` where a whole, checksum-valid record starts (v1 or v2), or -1. */
export function findNextRecord(data: Buffer, from: number): number {
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(MAGIC, 0);
  let nextMagic = data.indexOf(magic, from);
  let nextV1 = data.indexOf(PAYLOAD_START, from + V1_HEADER);
  while (nextMagic !== -1 || nextV1 !== -1) {
    const useMagic = nextV1 === -1 || (nextMagic !== -1 && nextMagic <= nextV1 - V1_HEADER);
    const candidate = useMagic ? nextMagic : nextV1 - V1_HEADER;
    if (readRecordAt(data, candidate, false).kind === 'record') return candidate;
    if (useMagic) nextMagic = data.indexOf(magic, nextMagic + 1);
    else nextV1 = data.indexOf(PAYLOAD_START, nextV1 + 1);
  }
  return -1;
}

export function encodeRecord(record: JournalRecord): Buffer {
  // Encoded straight into the frame: a large import writes hundreds of MB through here.
  const json = JSON.stringify(record);
  const length = Buffer.byteLength(json, 'utf8');
  const frame = Buffer.allocUnsafe(V2_HEADER + length);
  frame.write(json, V2_HEADER, 'utf8');
  frame.writeUInt32LE(MAGIC, 0);
  frame.writeUInt32LE(length, 4);
  frame.writeUInt32LE(crc32(frame.subarray(V2_HEADER)), 8);
  frame.writeUInt32LE(crc32(frame.subarray(0, 12)), 12);
  return frame;
}

/**
 * Appends to one journal file. `size` is what the file must hold: after a failed write, fsync or
 * truncate the file may hold more (a partial record), so the next write first cuts it back to
 * `size` and fails cleanly when even that is impossible. A partial record is never followed by a
 * good one, which recovery would have to treat as damage.
 */
export class JournalWriter {
  private bytes: number;
  private dirty = false;

  private constructor(
    readonly file: string,
    private fd: number,
  ) {
    this.bytes = fs.fstatSync(fd).size;
  }

  /** Opens (creating) the file for appending; a failure is a clear AppError and leaves no handle. */
  static open(file: string): JournalWriter {
    let fd: number | undefined;
    try {
      // 'a' appends at the end whatever the position, so truncate() followed by write() is safe.
      fd = dbFs.openSync(file, 'a');
      fsyncDir(path.dirname(file));
      return new JournalWriter(file, fd);
    } catch (error) {
      if (fd !== undefined) fs.closeSync(fd);
      throw storageError(error, file, 'create');
    }
  }

  get size(): number {
    return this.bytes;
  }

  /** Appends one record and returns once it is on disk. */
  append(record: JournalRecord): void {
    this.write(record);
    try {
      dbFs.fdatasyncSync(this.fd);
    } catch (error) {
      this.dirty = true;
      throw storageError(error, this.file, 'write');
    }
  }

  /** Appends without waiting for the disk; a later append() makes it durable together. */
  write(record: JournalRecord): void {
    if (this.dirty) this.repair();
    const frame = encodeRecord(record);
    try {
      let written = 0;
      while (written < frame.length) written += dbFs.writeSync(this.fd, frame, written, frame.length - written);
    } catch (error) {
      this.dirty = true;
      throw storageError(error, this.file, 'write');
    }
    this.bytes += frame.length;
  }

  /** Cuts the file back, e.g. to drop the parts of a transaction that rolled back. */
  truncate(size: number): void {
    this.bytes = size;
    try {
      dbFs.ftruncateSync(this.fd, size);
    } catch (error) {
      this.dirty = true;
      throw storageError(error, this.file, 'write');
    }
  }

  /** Before the file is closed or left for a new one: a partial record must not stay behind. */
  settle(): void {
    if (this.dirty) this.repair();
  }

  private repair(): void {
    try {
      dbFs.ftruncateSync(this.fd, this.bytes);
      dbFs.fdatasyncSync(this.fd);
      this.dirty = false;
    } catch (error) {
      throw storageError(error, this.file, 'write');
    }
  }

  close(): void {
    // Linux and Windows release the handle even when close reports an error; nothing to retry.
    try {
      dbFs.closeSync(this.fd);
    } catch (error) {
      console.error(`[GridDesk] closing ${this.file}: ${String(error)}`);
    }
  }
}

export function fsyncPath(file: string): void {
  const fd = dbFs.openSync(file, 'r+');
  try {
    dbFs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename or a new file in `dir` durable. Windows cannot open directories; NTFS journals metadata. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = dbFs.openSync(dir, 'r');
  try {
    dbFs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
