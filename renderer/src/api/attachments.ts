import type { Attachment, AttachmentKind, NewAttachment } from '@contract/attachments';
import { invoke } from './transport';

export const attachmentsApi = {
  list: (caseId: number): Promise<Attachment[]> => invoke('attachments:list', { caseId }),
  add: (caseId: number, kind: AttachmentKind, files: NewAttachment[], eventId?: number): Promise<Attachment[]> =>
    invoke('attachments:add', { caseId, kind, files, eventId }),
};

/**
 * Where the page loads a stored file: relative, so it resolves against the page on both origins
 * (app://griddesk/ in Electron, the HTTP bridge in a browser); both answer it from the workspace.
 */
export function attachmentUrl(sha256: string): string {
  return `attachments/${sha256}`;
}

/** Reads a picked file as the contract wants it (base64 bytes). */
export async function toNewAttachment(file: File): Promise<NewAttachment> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, mime: file.type || 'application/octet-stream', dataBase64: btoa(binary) };
}
