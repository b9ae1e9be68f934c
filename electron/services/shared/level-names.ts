import type { RateLevel, RegionLevel } from '../../contract';

/** Chinese names of region and ranking levels, for what a user reads: sheet titles and file names. */
export const LEVEL_NAMES: Record<RegionLevel | RateLevel, string> = {
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
  department: '部门',
  grid_worker: '网格员',
  dispatcher: '派遣员',
  handler: '承办人',
};

/** The level's Chinese name (an unknown code is kept, so a file is still named). */
export function levelName(level: string): string {
  return (LEVEL_NAMES as Record<string, string>)[level] ?? level;
}
