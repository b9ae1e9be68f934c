import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { ReferenceEdit, RegionEdit, SyncChange } from '../../contract';
import { INPUT_LIMITS, base64Length, sizeLabel } from '../../contract/input-limits';
import { AppError } from '../shared/app-error';

/**
 * The bytes of an exchange package:
 *   MAGIC | header length (u32 BE) | header (JSON, UTF-8) | body (gzip of one SyncChange JSON per line,
 *   then, from format 3, one RegionEdit per line, then, from format 4, one ReferenceEdit per line,
 *   then, from format 2, one attachment file per line:
 *   {"sha256", "dataBase64"})
 *   | SHA-256 of everything before it (32) | Ed25519 signature of the same bytes (64).
 * The checksum tells a damaged copy (USB stick, transfer) from a forged one: a package altered
 * and re-checksummed still fails the signature, which only the sender's private key can make.
 */
const MAGIC = Buffer.from('GRIDDESK-EXCHANGE\n', 'ascii');
const CHECKSUM_BYTES = 32;
const SIGNATURE_BYTES = 64;
const MAX_HEADER_BYTES = 64 * 1024;
/**
 * 2: attachment files after the changes (`fileCount`). 3: grid edits between the changes and the
 * files (`editCount`, with their own watermarks). 4: roster and settings edits after the grid edits
 * (`refCount`, likewise). A reader refuses a newer format; formats 2 and 3 read as 4 without those lines.
 */
export const FORMAT_VERSION = 4;

export const PackageHeader = z.object({
  format: z.number().int(),
  from: z.object({ id: z.string().min(1).max(100), name: z.string().max(200) }),
  to: z.object({ id: z.string().min(1).max(100), name: z.string().max(200) }),
  createdAt: z.number(),
  changeCount: z.number().int().nonnegative(),
  caseCount: z.number().int().nonnegative(),
  bodyBytes: z.number().int().nonnegative(),
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The sender's last local event id when it wrote this: the receiver echoes it back as `ack`. */
  throughEventId: z.number().int().nonnegative(),
  /** The receiver's own event id through which the sender has applied the receiver's packages. */
  ack: z.number().int().nonnegative(),
  /** Attachment files carried after the changes (format 2; none in format 1). */
  fileCount: z.number().int().nonnegative().default(0),
  /** Region edits carried after the changes (format 3). */
  editCount: z.number().int().nonnegative().default(0),
  /** The sender's last region edit id (echoed back as `editAck`), and the receiver's through which the sender applied its edits. */
  throughEditId: z.number().int().nonnegative().default(0),
  editAck: z.number().int().nonnegative().default(0),
  /** Reference edits (roster, limits, calendar, settings) after the region edits (format 4), and their watermarks as the edits'. */
  refCount: z.number().int().nonnegative().default(0),
  throughRefId: z.number().int().nonnegative().default(0),
  refAck: z.number().int().nonnegative().default(0),
});
export type PackageHeader = z.infer<typeof PackageHeader>;

export interface OpenedPackage {
  header: PackageHeader;
  body: Buffer;
  signed: Buffer;
  signature: Buffer;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An attachment file in a package: its bytes, named by their hash. */
export interface PackageFile {
  sha256: string;
  bytes: Buffer;
}

export function encodePackage(
  header: Omit<PackageHeader, 'format' | 'bodyBytes' | 'bodySha256' | 'fileCount' | 'editCount' | 'throughEditId' | 'editAck' | 'refCount' | 'throughRefId' | 'refAck'>
    & Partial<Pick<PackageHeader, 'throughEditId' | 'editAck' | 'throughRefId' | 'refAck'>>,
  changes: readonly SyncChange[], privateKeyB64: string, files: readonly PackageFile[] = [], edits: readonly RegionEdit[] = [],
  refs: readonly ReferenceEdit[] = [],
): Buffer {
  const lines = [
    ...changes.map((c) => JSON.stringify(c)), ...edits.map((e) => JSON.stringify(e)), ...refs.map((r) => JSON.stringify(r)),
    ...files.map((f) => JSON.stringify({ sha256: f.sha256, dataBase64: f.bytes.toString('base64') })),
  ];
  const body = gzipSync(Buffer.from(lines.join('\n'), 'utf8'));
  const full: PackageHeader = {
    format: FORMAT_VERSION, throughEditId: 0, editAck: 0, throughRefId: 0, refAck: 0, ...header, fileCount: files.length, editCount: edits.length, refCount: refs.length, bodyBytes: body.length, bodySha256: sha256Hex(body),
  };
  const headerBytes = Buffer.from(JSON.stringify(full), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const signed = Buffer.concat([MAGIC, length, headerBytes, body]);
  const key = createPrivateKey({ key: Buffer.from(privateKeyB64, 'base64'), format: 'der', type: 'pkcs8' });
  return Buffer.concat([signed, createHash('sha256').update(signed).digest(), sign(null, signed, key)]);
}

const damaged = (what: string) =>
  new AppError('exchange_damaged', `交换包已损坏（${what}），可能在复制或传输途中出错，请让对方重新发送。`);

/** Structure and checksums: what any copy of a genuine package passes, before we know who sent it. */
export function openPackage(bytes: Buffer): OpenedPackage {
  if (bytes.length > INPUT_LIMITS.exchangePackageBytes) {
    throw new AppError('exchange_too_large', `交换包超过 ${sizeLabel(INPUT_LIMITS.exchangePackageBytes)}，未导入。`);
  }
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new AppError('exchange_not_package', '这不是 GridDesk 交换包（文件开头的标识不对），未导入。');
  }
  const fixed = MAGIC.length + 4 + CHECKSUM_BYTES + SIGNATURE_BYTES;
  if (bytes.length < fixed) throw damaged('文件不完整');
  const headerLength = bytes.readUInt32BE(MAGIC.length);
  if (headerLength > MAX_HEADER_BYTES || fixed + headerLength > bytes.length) throw damaged('包头长度不对');
  const signedEnd = bytes.length - CHECKSUM_BYTES - SIGNATURE_BYTES;
  const signed = bytes.subarray(0, signedEnd);
  const checksum = bytes.subarray(signedEnd, signedEnd + CHECKSUM_BYTES);
  if (!createHash('sha256').update(signed).digest().equals(checksum)) throw damaged('校验和不符');
  let header: PackageHeader;
  try {
    const parsed = JSON.parse(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength).toString('utf8')) as unknown;
    const format = (parsed as { format?: unknown } | null)?.format;
    if (typeof format === 'number' && format > FORMAT_VERSION) {
      throw new AppError('exchange_newer_format', `交换包的格式版本 ${format} 比本程序支持的 ${FORMAT_VERSION} 新，请先升级 GridDesk。`);
    }
    header = PackageHeader.parse(parsed);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw damaged('包头无法读取');
  }
  const body = bytes.subarray(MAGIC.length + 4 + headerLength, signedEnd);
  if (body.length !== header.bodyBytes || sha256Hex(body) !== header.bodySha256) throw damaged('内容的校验和不符');
  return { header, body, signed, signature: bytes.subarray(signedEnd + CHECKSUM_BYTES) };
}

export function signatureValid(opened: OpenedPackage, publicKeyB64: string): boolean {
  const key = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
  return verify(null, opened.signed, key, opened.signature);
}

/** The body's changes, each checked against the change model's schema; any bad one refuses the package. */
export function readChanges(opened: OpenedPackage): SyncChange[] {
  return readPackage(opened).changes;
}

/** The body: its changes (each checked, as readChanges), its region and reference edits (likewise) and its attachment files (each checked against its hash). */
export function readPackage(opened: OpenedPackage): { changes: SyncChange[]; edits: RegionEdit[]; refs: ReferenceEdit[]; files: PackageFile[] } {
  let body: Buffer;
  try {
    body = gunzipSync(opened.body, { maxOutputLength: INPUT_LIMITS.exchangeUnpackedBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('exchange_too_large', `交换包解压后超过 ${sizeLabel(INPUT_LIMITS.exchangeUnpackedBytes)}，未导入。`);
    }
    throw damaged('内容无法解压');
  }
  // Line by line from the bytes: one string per change rather than one for the whole body (tens of MB) split again.
  const ends: number[] = [];
  for (let start = 0; body.length > 0 && start <= body.length; start = ends[ends.length - 1]! + 1) {
    const newline = body.indexOf(0x0a, start);
    ends.push(newline === -1 ? body.length : newline);
  }
  const { changeCount, editCount, refCount, fileCount } = opened.header;
  if (ends.length !== changeCount + editCount + refCount + fileCount) {
    throw damaged(`包头写明 ${changeCount} 条变更、${editCount} 条网格编辑、${refCount} 条名册与设置编辑、${fileCount} 个附件，实际 ${ends.length} 行`);
  }
  const line = (i: number) => body.toString('utf8', i === 0 ? 0 : ends[i - 1]! + 1, ends[i]);
  const changes = ends.slice(0, changeCount).map((_, i) => readChange(line(i), `交换包第 ${i + 1} 条变更`, SyncChange));
  const edits = ends.slice(changeCount, changeCount + editCount).map((_, j) => readChange(line(changeCount + j), `交换包第 ${j + 1} 条网格编辑`, RegionEdit));
  const refsAt = changeCount + editCount;
  const refs = ends.slice(refsAt, refsAt + refCount).map((_, j) => readChange(line(refsAt + j), `交换包第 ${j + 1} 条名册与设置编辑`, ReferenceEdit));
  const filesAt = refsAt + refCount;
  const files = ends.slice(filesAt).map((_, k) => readFile(line(filesAt + k), `交换包第 ${k + 1} 个附件`));
  return { changes, edits, refs, files };
}

function readFile(text: string, where: string): PackageFile {
  let value: { sha256?: unknown; dataBase64?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    throw new AppError('exchange_bad_change', `${where}不是有效的 JSON，整个交换包未导入。`);
  }
  if (typeof value.sha256 !== 'string' || typeof value.dataBase64 !== 'string' || value.dataBase64.length > base64Length(INPUT_LIMITS.attachmentBytes)) {
    throw new AppError('exchange_bad_change', `${where}格式不对或超过 ${sizeLabel(INPUT_LIMITS.attachmentBytes)}，整个交换包未导入。`);
  }
  const bytes = Buffer.from(value.dataBase64, 'base64');
  if (sha256Hex(bytes) !== value.sha256) throw damaged(`${where}的内容与其校验值不符`);
  return { sha256: value.sha256, bytes };
}

function readChange<T>(line: string, where: string, schema: z.ZodType<T>): T {
  if (line.length > INPUT_LIMITS.exchangeChangeBytes) {
    throw new AppError('exchange_bad_change', `${where}超过 ${sizeLabel(INPUT_LIMITS.exchangeChangeBytes)}，整个交换包未导入。`);
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new AppError('exchange_bad_change', `${where}不是有效的 JSON，整个交换包未导入。`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new AppError('exchange_bad_change', `${where}的字段「${issue.path.join('.') || '(整条)'}」不符合格式：${issue.message}。整个交换包未导入。`);
  }
  return result.data;
}
