import type { CaseStatus, Crs, ImportProblem, Satisfaction } from '../../contract';

/** One row turned into case values, before locating and matching. A class so V8 gives a million of them one shape. */
export class PreparedRow {
  externalNo: string | null = null;
  title = '';
  description: string | null = null;
  address: string | null = null;
  sourceCrs: Crs = 'wgs84';
  sourceLng: number | null = null;
  sourceLat: number | null = null;
  lng: number | null = null;
  lat: number | null = null;
  gridId: number | null = null;
  communityId: number | null = null;
  streetId: number | null = null;
  categoryId: number | null = null;
  departmentId: number | null = null;
  status: CaseStatus = 'received';
  receivedAt = 0;
  closedAt: number | null = null;
  handlingDueAt: number | null = null;
  satisfaction: Satisfaction | null = null;
  reporterName: string | null = null;
  reporterPhone: string | null = null;
  /** Set from region names in the row; coordinates, when they hit a grid, take precedence. */
  namedGrid: { gridId: number | null; communityId: number | null; streetId: number | null } | null = null;
  warned = false;
  refused = false;
  /** Existing case to update (matching phase), and whether anything differs. */
  existingId: number | null = null;
  changed = true;

  constructor(public rowNo: number) {}
}

/** Values written to a case, in a fixed order: what "unchanged" compares and what an update restores. */
export const CASE_COLUMNS = [
  'title', 'description', 'address', 'lng', 'lat', 'source_crs', 'source_lng', 'source_lat', 'grid_id', 'community_id',
  'street_id', 'category_id', 'lead_department_id', 'status', 'received_at', 'closed_at', 'handling_due_at',
  'satisfaction', 'reporter_name', 'reporter_phone',
] as const;

export function caseValues(row: PreparedRow): (string | number | null)[] {
  return [
    row.title, row.description, row.address, row.lng, row.lat, row.sourceCrs, row.sourceLng, row.sourceLat, row.gridId,
    row.communityId, row.streetId, row.categoryId, row.departmentId, row.status, row.receivedAt, row.closedAt,
    row.handlingDueAt, row.satisfaction, row.reporterName, row.reporterPhone,
  ];
}

/** Collects problems: counts per reason for all, details for the first many (all refusals are kept). */
export class ProblemLog {
  readonly reasons = new Map<string, { code: string; severity: 'warning' | 'error'; column: string | null; count: number; message: string }>();
  readonly details: ImportProblem[] = [];
  total = 0;
  private warningDetails = 0;

  constructor(private readonly maxWarningDetails = 20_000) {}

  add(row: Pick<PreparedRow, 'rowNo' | 'warned' | 'refused'>, problem: Omit<ImportProblem, 'rowNo'>): void {
    this.total++;
    if (problem.severity === 'error') row.refused = true;
    else row.warned = true;
    const key = `${problem.code}\u0001${problem.column ?? ''}`;
    const reason = this.reasons.get(key);
    if (reason) reason.count++;
    else this.reasons.set(key, { code: problem.code, severity: problem.severity, column: problem.column, count: 1, message: genericMessage(problem.code) });
    if (problem.severity === 'warning' && this.warningDetails++ >= this.maxWarningDetails) return;
    this.details.push({ rowNo: row.rowNo, ...problem });
  }
}

const MESSAGES: Record<string, string> = {
  missing_received_at: '缺少受理时间，无法导入',
  bad_date: '时间无法识别',
  missing_title: '缺少标题、分类和内容，标题记为“（无标题）”',
  duplicate_in_file: '与文件中前面的行编号重复',
  missing_external_no: '缺少工单编号：再次导入时按受理时间、地点和内容识别',
  closed_before_received: '办结时间早于受理时间',
  closed_without_time: '状态为已办结但没有办结时间',
  unknown_status: '状态无法识别，按受理处理',
  unknown_satisfaction: '满意度无法识别',
  unknown_category: '分类不在本工作区的分类中',
  unknown_department: '承办单位不在本工作区的单位中',
  bad_coordinates: '坐标无效，改用其他位置列（坐标文本、区域名称、地址）定位',
  placeless: '坐标、区域名称和地址都无法定位：案件将没有位置（不上地图、不进排名）',
  swapped_coordinates: '经纬度两列颠倒，已对调',
  likely_duplicate: '与文件中前面的行受理时间、地点和内容都相同，可能重复',
  possible_duplicate: '与工作区已有案件内容、地点相同且受理时间相近，可能重复',
  suspicious_point: '可疑的默认坐标（大量行在同一点），未按坐标定位',
  outside_grids: '坐标不在任何网格内',
  unmatched_region: '区域名称在区域树中找不到',
  outside_scope: '位置不在您的管辖范围内，不能导入',
  other_scope_case: '同编号的已有案件不在您的管辖范围内，不能更新',
  placed_in_scope: '未能定位到网格，按您的管辖范围登记',
  too_long: '内容过长，已截断',
  missing_name: '缺少姓名，无法导入',
  missing_role: '缺少角色，无法导入',
  unknown_role: '角色无法识别',
  bad_phone: '电话号码格式不对',
  unknown_grid: '网格在本工作区中找不到',
  duplicate_person: '与文件中前面的行是同一人（姓名和电话相同）',
  missing_code: '缺少网格编码，无法导入',
  unknown_grid_code: '网格编码不存在（网格边界须先通过网格导入）',
  community_mismatch: '所属社区与区域树不一致，以区域树为准',
  bad_number: '不是非负整数，未导入该项',
};

export function genericMessage(code: string): string {
  return MESSAGES[code] ?? code;
}
