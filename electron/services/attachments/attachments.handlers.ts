import type { attachmentChannels } from '../../contract/attachments';
import type { DomainHandlers } from '../shared/handler';
import type { AttachmentService } from './attachment.service';

/** What these handlers need of the open workspace's services. */
type AttachmentHandlerServices = { attachments: AttachmentService };

/** The attachments channels: what each needs and the service call behind it. */
export const attachmentsHandlers: DomainHandlers<typeof attachmentChannels, AttachmentHandlerServices> = {
  'attachments:list': {
    need: 'read',
    run: ({ caseId }, { services }) => services().attachments.list(caseId),
  },
  'attachments:add': {
    need: 'case_attach',
    run: ({ caseId, kind, files, eventId }, { services }) => services().attachments.add(caseId, kind, files, eventId),
  },
};
