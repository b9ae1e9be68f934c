import path from 'node:path';
import { validateCall } from '../contract/validate';
import { AppError } from '../services/shared/app-error';
import { ensureDemoWorkspace } from '../services/demo/ensure-demo';
import { restoreWorkspaceBackup, workspaceBackups } from '../services/workspace/workspace-backups';
import { breakForeignLock, lockHolder } from '../services/workspace/workspace-lock';
import type { CliCommand } from './cli-command';

export const workspaceCommands: CliCommand[] = [
  {
    name: 'init',
    usage: 'init --workspace DIR [--demo] [--user NAME --admin-name 姓名]   create a workspace (a copy of the demo district, or empty with its administrator NAME)',
    options: { demo: { type: 'boolean', default: false }, 'admin-name': { type: 'string' } },
    async run(context, _positionals, values) {
      if (values.demo) await ensureDemoWorkspace(context.resourcesDir);
      // An empty workspace starts with its administrator, as the app's first start does.
      const admin = values.demo ? undefined : await context.account();
      const info = await context.backend.createWorkspace(String(values.workspace), values.demo === true);
      if (admin) {
        const staffName = typeof values['admin-name'] === 'string' ? values['admin-name'] : admin.username;
        await context.call('auth:createFirstAdmin', { staffName, ...admin });
      }
      return info;
    },
  },
  {
    name: 'info',
    usage: 'info --workspace DIR            counts of regions, staff and cases, as JSON (read-only when another process holds it)',
    readsOnly: true,
    async run(context) {
      await context.openWorkspace();
      return context.call('workspace:info', {});
    },
  },
  {
    name: 'backups',
    usage: 'backups --workspace DIR         the database backups in the workspace (daily, before upgrades and restores); works on a workspace that does not open',
    async run(_context, _positionals, values) {
      return workspaceBackups(path.resolve(String(values.workspace)));
    },
  },
  {
    name: 'restore',
    usage: 'restore NAME --workspace DIR    put a backup back (what it replaces is kept: a before-restore backup, the files in quarantine/); works on a workspace that does not open',
    async run(context, positionals, values) {
      const [backup] = positionals;
      if (!backup) throw new Error('restore: name the backup (see the backups command)');
      // The contract's check of the name first (a file name from `backups`, never a path).
      const checked = validateCall('workspace:restore', { backup });
      if (!checked.ok) throw new AppError(checked.error.code, checked.error.message, checked.error.details);
      await restoreWorkspaceBackup(path.resolve(String(values.workspace)), backup);
      await context.openWorkspace();
      return context.call('workspace:info', {});
    },
  },
  {
    name: 'open-check',
    usage: 'open-check --workspace DIR      whether the workspace opens for writing; if not, why (damaged journal: file, record; lock: who, since) and the ways out',
    async run(context, _positionals, values) {
      const dir = path.resolve(String(values.workspace));
      try {
        await context.backend.openWorkspace(dir);
        return { opens: true, dir };
      } catch (error) {
        const { code, message, details } = error as { code?: string; message: string; details?: unknown };
        if (code !== 'journal_damaged' && code !== 'workspace_locked' && code !== 'workspace_locked_elsewhere') throw error;
        const waysOut =
          code === 'journal_damaged'
            ? ['open read-only up to the damage: any read command with --read-only is refused; the app offers it', `restore NAME --workspace ${dir}`, `salvage --workspace ${dir}`]
            : [`any read command with --read-only --workspace ${dir}`];
        return { opens: false, dir, code, message, details: code === 'journal_damaged' ? details : { holder: lockHolder(dir) }, waysOut };
      }
    },
  },
  {
    name: 'unlock',
    usage: 'unlock --workspace DIR --host NAME   remove the lock of computer NAME, only when it will not come back (switched off, crashed): two writers damage a workspace',
    options: { host: { type: 'string' } },
    async run(_context, _positionals, values) {
      if (typeof values.host !== 'string') throw new Error('unlock: name the computer that holds the lock (--host, see open-check)');
      return { removed: breakForeignLock(path.resolve(String(values.workspace)), values.host) };
    },
  },
  {
    name: 'salvage',
    usage: 'salvage --workspace DIR         open a workspace with a damaged journal by applying every whole transaction after the damage; prints what was applied, skipped and quarantined',
    async run(context, _positionals, values) {
      await context.backend.openWorkspace(path.resolve(String(values.workspace)), { recovery: 'salvage' });
      const report = context.backend.openedWorkspace?.db.salvageReport ?? null;
      return { salvaged: report !== null, report };
    },
  },
];
