import type { attachmentChannels } from '../../contract/attachments';
import type { DomainHandlers } from '../backend/handler';
import { attachmentsOf } from './attachment.service';

/** The attachments channels: what each needs and the service call behind it. */
export const attachmentsHandlers: DomainHandlers<typeof attachmentChannels> = {
  'attachments:list': {
    need: 'read',
    run: ({ caseId }, { services }) => attachmentsOf(services().workspace).list(caseId),
  },
  'attachments:add': {
    need: 'case_attach',
    run: ({ caseId, kind, files, eventId }, { services }) => attachmentsOf(services().workspace).add(caseId, kind, files, eventId),
  },
};
