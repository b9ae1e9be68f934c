import { z } from 'zod';
import { INPUT_LIMITS, base64Length } from './input-limits';

/** Before-photo (intake), after-photo (verification, 核查) or any document. */
export const AttachmentKind = z.enum(['before', 'after', 'document']);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

/**
 * A file's identity and its only address: the lower-case hex sha256 of its bytes. The bytes are not
 * a call: the page loads them by URL, `attachments/<sha256>` (app:// protocol or HTTP bridge).
 */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex digits');

/** A file handed over by the renderer (a photo picked in a form). */
export const NewAttachment = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    mime: z.string().max(100),
    /** The bytes, base64; 6 MB at most (the HTTP bridge takes 8 MB per call). */
    dataBase64: z.string().min(1).max(base64Length(INPUT_LIMITS.attachmentBytes)),
  })
  .strict();
export type NewAttachment = z.infer<typeof NewAttachment>;

export const Attachment = z.object({
  id: z.number(),
  caseId: z.number(),
  /** The timeline event it came with (e.g. the verification), if any. */
  eventId: z.number().nullable(),
  sha256: Sha256,
  fileName: z.string(),
  mime: z.string(),
  size: z.number(),
  kind: AttachmentKind,
  createdAt: z.number(),
  /** Whether this workspace holds the file's bytes: one attached on another workstation may not have arrived yet. */
  held: z.boolean(),
});
export type Attachment = z.infer<typeof Attachment>;

export const attachmentChannels = {
  /** A case's attachments, oldest first. */
  'attachments:list': { input: z.object({ caseId: z.number().int() }).strict(), output: z.array(Attachment) },
  /**
   * Stores files in the workspace folder by content hash (the same bytes are kept once) and links
   * them to the case, optionally to one of its timeline events (after-photos of a verification).
   */
  'attachments:add': {
    input: z
      .object({
        caseId: z.number().int(),
        kind: AttachmentKind,
        eventId: z.number().int().optional(),
        files: z.array(NewAttachment).min(1).max(INPUT_LIMITS.attachmentsPerCall),
      })
      .strict(),
    output: z.array(Attachment),
  },
} as const;
