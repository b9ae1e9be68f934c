import type { casesChannels } from '../../contract/cases';
import type { DomainHandlers } from '../shared/handler';
import type { CaseService } from './case.service';
import type { PersonalDataService } from './personal-data.service';
import { packCasePoints } from './case-points-pack';

/** What these handlers need of the open workspace's services. */
type CaseHandlerServices = { cases: CaseService; personalData: PersonalDataService };

/** The cases channels: what each needs and the service call behind it. */
export const casesHandlers: DomainHandlers<typeof casesChannels, CaseHandlerServices> = {
  'cases:unmask': {
    need: 'unmask',
    run: ({ caseId, field, reason }, { services }) => services().personalData.unmask(caseId, field, reason),
  },
  'cases:list': {
    need: 'read',
    run: ({ filter, offset, limit, sort }, { services }) => services().cases.list(filter, offset, limit, sort),
  },
  'cases:points': {
    need: 'read',
    run: ({ filter, colorBy }, { services }) => packCasePoints(services().cases.points(filter, colorBy)),
  },
  'cases:get': {
    need: 'read',
    run: ({ id }, { services }) => services().cases.get(id),
  },
  'cases:create': {
    need: 'case_create',
    run: (input, { services }) => services().cases.create(input),
  },
  'cases:views': {
    need: 'read',
    run: (_input, { services }) => services().cases.views(),
  },
  'cases:saveView': {
    need: 'read',
    run: ({ name, filter }, { services }) => services().cases.saveView(name, filter),
  },
  'cases:deleteView': {
    need: 'read',
    run: ({ id }, { services }) => services().cases.deleteView(id),
  },
};
