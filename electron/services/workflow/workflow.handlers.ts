import type { workflowChannels } from '../../contract/workflow';
import type { DomainHandlers } from '../shared/handler';
import type { WorkflowService } from './workflow.service';

/** What these handlers need of the open workspace's services. */
type WorkflowHandlerServices = { workflow: WorkflowService };

/** The workflow channels: what each needs and the service call behind it. */
export const workflowHandlers: DomainHandlers<typeof workflowChannels, WorkflowHandlerServices> = {
  'workflow:transition': {
    need: ({ action }) => `case_action:${action}`,
    run: ({ caseId, action, fields }, { services }) => services().workflow.transition(caseId, action, fields),
  },
  'workflow:batch': {
    need: ({ action }) => `case_action:${action}`,
    run: ({ caseIds, action, fields }, { services }) => services().workflow.batch(caseIds, action, fields),
  },
  'workflow:allowed': {
    need: 'read',
    run: ({ caseId }, { services }) => services().workflow.allowed(caseId),
  },
  'workflow:suggest': {
    need: 'read',
    run: ({ lng, lat, crs, categoryId }, { services }) => services().workflow.suggest(lng, lat, crs, categoryId),
  },
  'workflow:merge': {
    need: 'case_action:merge',
    run: ({ caseId, intoId }, { services }) => services().workflow.merge(caseId, intoId),
  },
  'workflow:whistles': {
    need: 'read',
    run: ({ openOnly, caseId }, { services }) => services().workflow.whistles(openOnly, caseId),
  },
  'workflow:overdue': {
    need: 'read',
    run: ({ offset, limit, nearDue }, { services }) => services().workflow.overdue(offset, limit, nearDue),
  },
  'workflow:operator': {
    need: 'signed_in',
    run: (_input, { services }) => services().workflow.operator(),
  },
};
