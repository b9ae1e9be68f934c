import type { hubCaseChannels } from '../../contract/hub-cases';
import type { DomainHandlers } from '../shared/handler';
import type { HubCaseService } from './hub-cases.service';

/** What these handlers need of the open workspace's services. */
type HubCaseHandlerServices = { hubCases: HubCaseService };

/** Reading the hub's cases: as reading cases here, within the person's scope (the service limits it). */
export const hubCaseHandlers: DomainHandlers<typeof hubCaseChannels, HubCaseHandlerServices> = {
  'hub:cases': { need: 'read', run: (input, { services }) => services().hubCases.list(input) },
  'hub:case': { need: 'read', run: ({ uid }, { services }) => services().hubCases.detail(uid) },
  'hub:unmask': { need: 'unmask', run: ({ uid, field, reason }, { services }) => services().hubCases.unmask(uid, field, reason) },
};
