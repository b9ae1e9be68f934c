import type { attachmentChannels } from '../../contract/attachments';
import type { DomainHandlers } from '../backend/handler';

/** The attachments channels: what each needs and the service call behind it. */
export const attachmentsHandlers: DomainHandlers<typeof attachmentChannels> = {
  'attachments:list': {
    need: 'read',
    run: ({ caseId }, { services }) => services().attachments.list(caseId),
  },
  'attachments:add': {
    need: 'case_attach',
    run: ({ caseId, kind, files, eventId }, { services }) => services().attachments.add(caseId, kind, files, eventId),
  },
};
