import { Sha256, type Attachment, type AttachmentKind, type NewAttachment } from '../../contract';
import { INPUT_LIMITS, base64Length, sizeLabel } from '../../contract/input-limits';
import { AppError } from '../shared/app-error';
import { AttachmentRepository } from './attachment.repository';
import { AttachmentStore } from './attachment-store';
import type { AttachmentAnswer } from './attachment-response';

/** What may be attached; a served file's type comes from this list, never from the caller alone. */
const MIME = /^(image\/(jpeg|png|webp|gif)|application\/pdf|application\/vnd\.openxmlformats-officedocument\.[a-z.]+|application\/msword|application\/vnd\.ms-excel|text\/plain)$/;

/** Photos and documents of cases, stored in the workspace folder by content hash. */
export class AttachmentService {
  private readonly store: AttachmentStore;

  constructor(
    private readonly repo: AttachmentRepository,
    workspaceDir: string,
    /** Whether a case lies in the signed-in person's scope (the cases' one predicate). */
    private readonly caseInScope: (caseId: number) => boolean,
    private readonly clock: () => number = Date.now,
    /** Who adds: named on the case's timeline. */
    private readonly actor: () => { id: number | null; name: string } = () => ({ id: null, name: '' }),
  ) {
    this.store = new AttachmentStore(workspaceDir);
  }

  add(caseId: number, kind: AttachmentKind, files: NewAttachment[], eventId?: number): Attachment[] {
    if (!this.repo.caseExists(caseId)) throw new AppError('not_found', `案件 ${caseId} 不存在`);
    this.requireInScope(caseId);
    if (eventId !== undefined && !this.repo.eventOfCase(eventId, caseId)) {
      throw new AppError('invalid_input', `事件 ${eventId} 不属于案件 ${caseId}`);
    }
    if (files.length > INPUT_LIMITS.attachmentsPerCall) throw new AppError('invalid_input', `一次最多添加 ${INPUT_LIMITS.attachmentsPerCall} 个附件`);
    // Every file checked before any is stored: a refused call leaves nothing behind.
    const checked = files.map((file) => {
      if (!MIME.test(file.mime)) throw new AppError('invalid_input', `附件 ${file.fileName}：不支持的类型 ${file.mime || '（空）'}`);
      const tooBig = () => new AppError('file_too_large', `附件 ${file.fileName} 超过 ${sizeLabel(INPUT_LIMITS.attachmentBytes)}，请压缩后再添加`);
      // Sized from the text before decoding it: a huge payload is refused without a copy.
      if (file.dataBase64.length > base64Length(INPUT_LIMITS.attachmentBytes)) throw tooBig();
      const bytes = Buffer.from(file.dataBase64, 'base64');
      if (!bytes.length) throw new AppError('invalid_input', `附件 ${file.fileName} 是空文件`);
      if (bytes.length > INPUT_LIMITS.attachmentBytes) throw tooBig();
      return { file, bytes };
    });
    const stored = checked.map(({ file, bytes }) => {
      // Only the base name: a path in the name is not ours to keep.
      const fileName = file.fileName.split(/[\\/]/).pop()!;
      return { sha256: this.store.put(bytes), fileName, mime: file.mime, size: bytes.length };
    });
    const ids = new Set(this.repo.insert(caseId, kind, eventId ?? null, stored, this.clock(), this.actor()));
    return this.withHeld(this.repo.ofCase(caseId).filter((a) => ids.has(a.id)));
  }

  list(caseId: number): Attachment[] {
    this.requireInScope(caseId);
    return this.withHeld(this.repo.ofCase(caseId));
  }

  private withHeld(rows: Omit<Attachment, 'held'>[]): Attachment[] {
    return rows.map((row) => ({ ...row, held: this.store.has(row.sha256) }));
  }

  private requireInScope(caseId: number): void {
    if (!this.caseInScope(caseId)) throw new AppError('out_of_scope', `案件 ${caseId} 不在当前账号的管辖范围内`);
  }

  /**
   * A stored file by hash, for the `attachments/<sha256>` URL (app:// protocol and HTTP bridge):
   * only if a case of this workspace has it, since the folder may hold strays.
   */
  file(sha256: string): AttachmentAnswer {
    if (!Sha256.safeParse(sha256).success) return { status: 400, message: '附件标识不是 sha256' };
    const first = this.repo.firstOf(sha256);
    if (!first || !this.store.has(sha256)) return { status: 404, message: `没有附件 ${sha256.slice(0, 12)}…` };
    return { status: 200, data: this.store.read(sha256), ...first };
  }
}
