import type { importChannels } from '../../contract/import';
import { AppError } from '../shared/app-error';
import type { RosterTarget } from '../../contract/import';
import type { DomainHandlers, Need } from '../shared/handler';
import type { ImportService } from './import.service';

/** What these handlers need of the open workspace's services. */
type ImportHandlerServices = { imports: ImportService; actor(): { id: number | null; name: string } };

/**
 * A staff list sets people's roles (an account's permissions follow its staff member's role): the
 * administrator's, like accounts. A grid list edits grids: whoever edits grids.
 */
const rosterNeed = ({ target }: { target: RosterTarget }): Need => (target === 'staff' ? 'admin' : 'grid_edit');

/** The import channels: what each needs and the service call behind it. */
export const importHandlers: DomainHandlers<typeof importChannels, ImportHandlerServices> = {
  'import:stage': {
    need: 'import',
    run: ({ fileName, dataBase64, stagedId }, { services }) => services().imports.stage(fileName, dataBase64, stagedId),
  },
  // Answered by Electron's main process (it owns the dialog); here only a browser could ask.
  'import:choose-file': {
    need: 'import',
    run: () => {
      throw new AppError('unsupported', '浏览器模式没有桌面文件选择框，请用“选择文件”上传');
    },
  },
  'import:inspect': {
    need: 'import',
    run: ({ file, table }, { services }) => services().imports.inspect(file, table),
  },
  'import:start': {
    need: 'import',
    run: ({ file, table, mapping }, { services }) => services().imports.start(file, table, mapping),
  },
  'import:progress': {
    need: 'import',
    run: ({ jobId }, { services }) => services().imports.progress(jobId),
  },
  'import:cancel': {
    need: 'import',
    run: ({ jobId }, { services }) => services().imports.cancel(jobId),
  },
  'import:commit': {
    need: 'import',
    run: ({ jobId }, { services }) => {
      const actor = services().actor();
      return services().imports.commit(jobId, actor.name, actor.id);
    },
  },
  'import:refused': {
    need: 'import',
    run: ({ jobId }, { services }) => services().imports.refusedWorkbook(jobId),
  },
  'import:batches': {
    need: 'import',
    run: (_input, { services }) => services().imports.batches(),
  },
  'import:undo': {
    need: 'import',
    run: ({ batchId }, { services }) => {
      const actor = services().actor();
      return services().imports.undo(batchId, actor.name, actor.id);
    },
  },
  'import:templates': {
    need: 'import',
    run: (_input, { services }) => services().imports.templates(),
  },
  'import:save-template': {
    need: 'import',
    run: ({ name, headers, mapping }, { services }) => services().imports.saveTemplate(name, headers, mapping),
  },
  'import:roster-inspect': {
    need: rosterNeed,
    run: ({ file, table, target }, { services }) => services().imports.roster.inspect(file, table, target),
  },
  'import:roster-validate': {
    need: rosterNeed,
    run: ({ file, table, target, columns }, { services }) => services().imports.roster.validate(file, table, target, columns),
  },
  'import:roster-commit': {
    need: rosterNeed,
    run: ({ file, table, target, columns }, { services }) => {
      const actor = services().actor();
      return services().imports.roster.commit(file, table, target, columns, actor.name, actor.id);
    },
  },
};
