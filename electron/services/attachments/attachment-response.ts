/**
 * How a stored attachment is answered at `attachments/<sha256>`, the same on both origins (the
 * app:// protocol in Electron, the HTTP bridge). Pure: the URL rule and the headers are unit-tested.
 *
 * Attachments are bytes a user brought in, served from our own origin: an HTML or SVG file opened
 * there directly could run script with the app's rights. So only the image types the app shows go
 * inline with their own type; everything else is a download, and every answer carries nosniff and a
 * CSP that forbids script and sandboxes the document.
 */

/** The only attachment URL path: 64 lower-case hex digits, nothing before or after. */
export const ATTACHMENT_PATH = /^\/attachments\/([0-9a-f]{64})$/;
/** Any path under attachments/: one that does not match ATTACHMENT_PATH is refused, not looked up elsewhere. */
export const ATTACHMENT_PREFIX = '/attachments/';

export const ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; sandbox";
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Sent with every answer on an attachments/ path, errors included. */
export const ATTACHMENT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': ATTACHMENT_CSP,
};

export type AttachmentAnswer =
  | { status: 200; data: Uint8Array; mime: string; fileName: string }
  | { status: 400 | 404; message: string };

/** Headers of a 200 answer: inline for the shown image types, a download for anything else. */
export function attachmentHeaders(mime: string, fileName: string): Record<string, string> {
  const inline = INLINE_TYPES.has(mime);
  return {
    'Content-Type': inline ? mime : 'application/octet-stream',
    ...(inline ? {} : { 'Content-Disposition': contentDisposition(fileName) }),
    ...ATTACHMENT_SECURITY_HEADERS,
    // The same hash is always the same bytes, but whether it is served depends on the open workspace.
    'Cache-Control': 'no-cache',
  };
}

/** RFC 6266: an ASCII fallback name plus the real (often Chinese) name percent-encoded in UTF-8. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The answer as a fetch Response, for the app:// protocol (protocol.handle wants one). */
export function attachmentResponse(answer: AttachmentAnswer): Response {
  if (answer.status !== 200) {
    return new Response(answer.message, { status: answer.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...ATTACHMENT_SECURITY_HEADERS } });
  }
  // The bytes arrive from the worker as a Uint8Array view; Response wants a standalone buffer.
  const body = answer.data.buffer.slice(answer.data.byteOffset, answer.data.byteOffset + answer.data.byteLength) as ArrayBuffer;
  return new Response(body, { status: 200, headers: attachmentHeaders(answer.mime, answer.fileName) });
}
