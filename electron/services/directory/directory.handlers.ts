import type { directoryChannels } from '../../contract/directory';
import type { DomainHandlers } from '../shared/handler';
import type { DirectoryRepository } from './directory.repository';
import type { DutyService } from './duty.service';
import type { ReferenceDataService } from './reference-data.service';
import type { GridService } from '../grids/grid.service';

/** What these handlers need of the open workspace's services. */
type DirectoryHandlerServices = {
  directory: DirectoryRepository; duty: DutyService; grids: Pick<GridService, 'unstaffedGrids'>; referenceData: ReferenceDataService;
};

/** The directory channels: what each needs and the service call behind it. */
export const directoryHandlers: DomainHandlers<typeof directoryChannels, DirectoryHandlerServices> = {
  'directory:departments': {
    need: 'signed_in',
    run: (_input, { services }) => services().directory.departments(),
  },
  'directory:staff': {
    need: 'signed_in',
    run: (_input, { services }) => services().directory.staff(),
  },
  'directory:categories': {
    need: 'signed_in',
    run: (_input, { services }) => services().directory.categories(),
  },
  'directory:assignDuty': {
    need: 'settings',
    run: ({ staffId, regionId }, { services }) => {
      services().duty.assign(staffId, regionId);
      return services().grids.unstaffedGrids();
    },
  },
  'directory:endDuty': {
    need: 'settings',
    run: ({ staffId, regionId }, { services }) => {
      services().duty.release(staffId, regionId);
      return services().grids.unstaffedGrids();
    },
  },
  'directory:departmentRecords': {
    need: 'settings',
    run: (_input, { services }) => services().directory.departmentRecords(),
  },
  'directory:saveDepartment': {
    need: 'settings',
    run: (input, { services }) => services().referenceData.saveDepartment(input),
  },
  'directory:saveCategoryLimits': {
    need: 'settings',
    run: (input, { services }) => services().referenceData.saveCategoryLimits(input),
  },
  'directory:calendarDays': {
    need: 'signed_in',
    run: (_input, { services }) => services().referenceData.calendarDays(),
  },
  'directory:saveCalendarDay': {
    need: 'settings',
    run: (input, { services }) => services().referenceData.saveCalendarDay(input),
  },
};
