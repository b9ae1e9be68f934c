import type { Category, Department, StaffMember } from '@contract/directory';
import { invoke } from './transport';

export const directoryApi = {
  departments: (): Promise<Department[]> => invoke('directory:departments', {}),
  staff: (): Promise<StaffMember[]> => invoke('directory:staff', {}),
  categories: (): Promise<Category[]> => invoke('directory:categories', {}),
};
