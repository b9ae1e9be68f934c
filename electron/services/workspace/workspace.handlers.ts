import type { workspaceChannels } from '../../contract/workspace';
import type { DomainHandlers } from '../shared/handler';
import type { WorkspaceInfo } from '../../contract';

/** What these handlers need of the open workspace's services. */
type WorkspaceHandlerServices = { info(): WorkspaceInfo };

/**
 * The workspace channels: what each needs and the service call behind it. The ways out of a
 * workspace that does not open (its backups, salvage) are public: nobody can sign in to it yet.
 */
export const workspaceHandlers: DomainHandlers<typeof workspaceChannels, WorkspaceHandlerServices> = {
  'workspace:info': {
    need: 'public',
    run: (_input, { services }) => services().info(),
  },
  'workspace:open': {
    need: 'public',
    run: ({ recent, mode }, { workspaces }) => workspaces.open(recent, mode),
  },
  'workspace:salvage': {
    need: 'public',
    run: ({ recent }, { workspaces }) => workspaces.salvage(recent),
  },
  'workspace:status': {
    need: 'public',
    run: (_input, { workspaces }) => workspaces.status(),
  },
  'workspace:recent': {
    need: 'public',
    run: (_input, { workspaces }) => workspaces.recent(),
  },
  'workspace:backups': {
    need: ({ recent }) => (recent ? 'public' : 'admin'),
    run: ({ recent }, { workspaces }) => workspaces.backups(recent),
  },
  'workspace:restore': {
    need: ({ recent }) => (recent ? 'public' : 'admin'),
    run: ({ backup, recent }, { workspaces }) => workspaces.restore(backup, recent),
  },
};
