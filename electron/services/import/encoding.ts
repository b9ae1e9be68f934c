import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';

/** Encodings a text table can arrive in: what Excel, WPS and hotline systems write. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gbk' | 'gb18030' | 'utf-16le';
export const TEXT_ENCODINGS: TextEncoding[] = ['utf-8', 'utf-8-bom', 'gbk', 'gb18030', 'utf-16le'];

/** How many leading bytes the detector reads: enough for thousands of rows, cheap at 1 GB files. */
const SAMPLE_BYTES = 4 * 1024 * 1024;

/**
 * Guesses the encoding from the leading bytes: a BOM decides; otherwise valid UTF-8 is UTF-8
 * (GBK text is almost never valid UTF-8 beyond a few characters); otherwise GBK, or GB18030 when
 * its four-byte sequences (byte 2 in 0x30–0x39) appear, which GBK does not have.
 */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const end = Math.min(bytes.length, SAMPLE_BYTES);
  if (isUtf8(bytes, end, end < bytes.length)) return 'utf-8';
  for (let i = 0; i < end - 1; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const b2 = bytes[i + 1]!;
    if (b >= 0x81 && b <= 0xfe && b2 >= 0x30 && b2 <= 0x39) return 'gb18030';
    i++; // a two-byte GBK character
  }
  return 'gbk';
}

function isUtf8(bytes: Uint8Array, end: number, truncated: boolean): boolean {
  let i = 0;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const extra = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? (b <= 0xef ? 2 : -1) : b >= 0xc2 && b <= 0xdf ? 1 : -1;
    if (extra < 0) return false;
    // A sample cut in the middle of a character is not evidence against UTF-8.
    if (i + extra >= end) return truncated || i + extra < end;
    for (let k = 1; k <= extra; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    i += extra + 1;
  }
  return true;
}

/** The name iconv-lite and TextDecoder know an encoding by (both strip a UTF-8 BOM). */
export function iconvName(encoding: TextEncoding): string {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/**
 * A streaming decoder: bytes in, text out, characters split across chunks handled. The platform's
 * TextDecoder (ICU; its "gbk" reads GB18030, a superset) decodes GBK about three times faster than
 * iconv-lite; iconv-lite stays for a runtime built without those ICU converters.
 */
export function textDecoder(encoding: TextEncoding): { write(chunk: Buffer): string; end(): string } {
  let native: TextDecoder | undefined;
  try {
    native = new TextDecoder(iconvName(encoding));
  } catch {
    native = undefined;
  }
  if (native) return { write: (chunk) => native.decode(chunk, { stream: true }), end: () => native.decode() };
  const decoder = iconv.getDecoder(iconvName(encoding));
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

export function decodeText(bytes: Buffer, encoding: TextEncoding): string {
  return iconv.decode(bytes, iconvName(encoding));
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return iconv.encode(text, iconvName(encoding));
}
