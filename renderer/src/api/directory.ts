import type { Category, Department, StaffMember } from '@contract/directory';
import { invoke } from './transport';

export const directoryApi = {
  departments: (): Promise<Department[]> => invoke('directory:departments', {}),
  staff: (): Promise<StaffMember[]> => invoke('directory:staff', {}),
  categories: (): Promise<Category[]> => invoke('directory:categories', {}),
  /** Both answer the ids of grids with nobody on duty afterwards. */
  assignDuty: (staffId: number, regionId: number): Promise<number[]> => invoke('directory:assignDuty', { staffId, regionId }),
  endDuty: (staffId: number, regionId: number): Promise<number[]> => invoke('directory:endDuty', { staffId, regionId }),
};
