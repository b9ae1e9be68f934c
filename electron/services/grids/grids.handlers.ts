import type { gridChannels } from '../../contract/grids';
import type { DomainHandlers } from '../shared/handler';
import type { GridEditService } from './grid-edit.service';
import type { GridImportService } from './grid-import.service';
import type { GridService } from './grid.service';

/** What these handlers need of the open workspace's services. */
type GridHandlerServices = { gridEdits: GridEditService; gridImport: GridImportService; grids: GridService };

/** The grids channels: what each needs and the service call behind it. */
export const gridsHandlers: DomainHandlers<typeof gridChannels, GridHandlerServices> = {
  'grids:inspect': {
    need: 'grid_edit',
    run: ({ fileName, dataBase64 }, { services }) => services().gridImport.inspect(fileName, Buffer.from(dataBase64, 'base64')),
  },
  'grids:import': {
    need: 'grid_edit',
    run: ({ dataBase64, ...rest }, { services }) => services().gridImport.import({ ...rest, bytes: Buffer.from(dataBase64, 'base64') }),
  },
  'grids:check': {
    need: 'read',
    run: ({ level }, { services }) => services().grids.check(level),
  },
  'grids:validateCodes': {
    need: 'read',
    run: (_input, { services }) => services().grids.validateCodes(),
  },
  'grids:regenerateCodes': {
    need: 'grid_edit',
    run: (_input, { services }) => services().grids.regenerateCodes(),
  },
  'grids:panel': {
    need: 'read',
    run: ({ regionId }, { services }) => services().grids.panel(regionId),
  },
  'grids:unstaffed': {
    need: 'read',
    run: (_input, { services }) => services().grids.unstaffedGrids(),
  },
  'grids:draw': {
    need: 'grid_edit',
    run: ({ geometry, name }, { services }) => services().gridEdits.draw(geometry, name),
  },
  'grids:reshape': {
    need: 'grid_edit',
    run: ({ regionId, geometry }, { services }) => services().gridEdits.reshape(regionId, geometry),
  },
  'grids:split': {
    need: 'grid_edit',
    run: ({ regionId, line, newName }, { services }) => services().gridEdits.split(regionId, line, newName),
  },
  'grids:merge': {
    need: 'grid_edit',
    run: ({ regionId, otherId }, { services }) => services().gridEdits.merge(regionId, otherId),
  },
  'grids:undo': {
    need: 'grid_edit',
    run: (_input, { services }) => services().gridEdits.undo(),
  },
  'grids:edits': {
    need: 'read',
    run: (_input, { services }) => services().gridEdits.history(),
  },
};
