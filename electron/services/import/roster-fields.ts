import type { GridImportField, RosterTarget, StaffImportField } from '../../contract/import';

/** Header words of a staff list (人员名单), compared like case headers (normaliseHeader). */
export const STAFF_WORDS: Record<StaffImportField, string[]> = {
  name: ['姓名', '人员姓名', '网格员姓名', '名字', 'name', 'staffname'],
  role: ['角色', '岗位', '职务', '人员类别', '身份', 'role', 'position'],
  phone: ['联系电话', '手机号码', '手机号', '手机', '电话', 'phone', 'mobile'],
  grid: ['所属网格', '网格编码', '网格编号', '责任网格', '网格', 'grid', 'gridcode'],
  department: ['所属部门', '部门', '单位', '所属单位', 'department', 'agency'],
  code: ['人员编号', '工号', '编号', 'staffcode', 'code'],
};

/** Header words of a grid list (网格台账). */
export const GRID_WORDS: Record<GridImportField, string[]> = {
  code: ['网格编码', '网格编号', '网格代码', '编码', 'gridcode', 'code'],
  name: ['网格名称', '网格名', '名称', 'gridname', 'name'],
  community: ['所属社区', '社区', '社区村', 'community'],
  households: ['户数', '住户数', '总户数', '户', 'households'],
  population: ['人口', '人口数', '常住人口', '总人口', 'population'],
  lng: ['中心经度', '经度', 'lng', 'lon', 'longitude'],
  lat: ['中心纬度', '纬度', 'lat', 'latitude'],
};

export const ROSTER_WORDS: Record<RosterTarget, Record<string, string[]>> = { staff: STAFF_WORDS, grids: GRID_WORDS };

/** Fields a list cannot be imported without. */
export const ROSTER_REQUIRED: Record<RosterTarget, string[]> = { staff: ['name', 'role'], grids: ['code'] };

export type StaffRole = 'operator' | 'dispatcher' | 'grid_worker' | 'street_chief' | 'alley_steward' | 'department_staff' | 'leader' | 'analyst' | 'admin';

const ROLE_WORDS: [RegExp, StaffRole][] = [
  [/^(专职)?网格员$|^grid ?worker$/i, 'grid_worker'],
  [/^街巷长$|^street(-and-alley)? ?chief$/i, 'street_chief'],
  [/^小巷管家$|^alley ?steward$/i, 'alley_steward'],
  [/^(值班员|接线员|受理员)$|^operator$/i, 'operator'],
  [/^(派遣员|调度员)$|^dispatcher$/i, 'dispatcher'],
  [/^(部门人员|职能部门人员|承办人员|部门工作人员)$|^department ?staff$/i, 'department_staff'],
  [/^(领导|街道领导|主任|书记)$|^leader$/i, 'leader'],
  [/^(分析员|统计员)$|^analyst$/i, 'analyst'],
  [/^(管理员|系统管理员)$|^admin$/i, 'admin'],
];

export function roleFromWord(word: string): StaffRole | null {
  const text = word.trim();
  return ROLE_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** Roles whose grid is a duty (duty_assignments), not just an address. */
export const DUTY_ROLES: ReadonlySet<StaffRole> = new Set(['grid_worker', 'street_chief', 'alley_steward']);
