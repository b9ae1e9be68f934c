import { ensureDemoWorkspace } from '../services/demo/ensure-demo';
import type { CliCommand } from './cli-command';

export const workspaceCommands: CliCommand[] = [
  {
    name: 'init',
    usage: 'init --workspace DIR [--demo]   create a workspace (empty, or a copy of the demo district)',
    options: { demo: { type: 'boolean', default: false } },
    async run(context, _positionals, values) {
      if (values.demo) await ensureDemoWorkspace(context.resourcesDir);
      return context.call('workspace:create', { dir: values.workspace, demo: values.demo });
    },
  },
  {
    name: 'info',
    usage: 'info --workspace DIR            counts of regions, staff and cases, as JSON',
    async run(context) {
      await context.openWorkspace();
      return context.call('workspace:info', {});
    },
  },
  {
    name: 'backups',
    usage: 'backups --workspace DIR         the database backups in the workspace (daily, before upgrades and restores)',
    async run(context) {
      await context.openWorkspace();
      return context.call('workspace:backups', {});
    },
  },
  {
    name: 'restore',
    usage: 'restore NAME --workspace DIR    put a backup back (the current state is kept as a backup first)',
    async run(context, positionals) {
      const [backup] = positionals;
      if (!backup) throw new Error('restore: name the backup (see the backups command)');
      await context.openWorkspace();
      return context.call('workspace:restore', { backup });
    },
  },
];
