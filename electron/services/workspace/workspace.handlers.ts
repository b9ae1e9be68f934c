import type { workspaceChannels } from '../../contract/workspace';
import type { DomainHandlers } from '../backend/handler';
import { workspaceBackups } from './workspace-backups';

/** The workspace channels: what each needs and the service call behind it. */
export const workspaceHandlers: DomainHandlers<typeof workspaceChannels> = {
  'workspace:info': {
    need: 'public',
    run: (_input, { services }) => services().info(),
  },
  'workspace:open': {
    need: 'public',
    run: ({ dir }, { workspaces }) => workspaces.open(dir),
  },
  'workspace:create': {
    need: 'public',
    run: ({ dir, demo }, { workspaces }) => workspaces.create(dir, demo),
  },
  'workspace:recent': {
    need: 'public',
    run: (_input, { workspaces }) => workspaces.recent(),
  },
  'workspace:backups': {
    need: 'admin',
    run: (_input, { services }) => workspaceBackups(services().workspace.dir),
  },
  'workspace:restore': {
    need: 'admin',
    run: ({ backup }, { workspaces }) => workspaces.restore(backup),
  },
};
