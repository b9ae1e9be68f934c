import type { ImportCaseField as CaseField } from '../../contract/import';

/**
 * Header words for each case field, Chinese (12345 work orders, WPS ledgers, urban management
 * exports) and English (Boston/NYC 311 style). Compared after normalising: lower case, no spaces,
 * underscores, hyphens or brackets.
 */
export const FIELD_WORDS: Record<CaseField, string[]> = {
  externalNo: ['工单编号', '案件编号', '工单号', '案件号', '诉求编号', '编号', '单号', '流水号', 'caseenquiryid', 'caseid', 'uniquekey', 'servicerequestid', 'srnumber', 'ticketno', 'ticketid', 'requestid', 'externalno', 'caseno', 'casenumber', 'srno'],
  title: ['诉求标题', '案件标题', '工单标题', '标题', '主题', '事项', 'casetitle', 'title', 'descriptor', 'subject'],
  description: ['诉求内容', '问题描述', '案件描述', '反映内容', '详细描述', '描述', '内容', 'description', 'details'],
  receivedAt: ['来电时间', '上报时间', '受理时间', '发现时间', '登记时间', '立案时间', '创建时间', '反映时间', 'opendt', 'opendate', 'createddate', 'createdat', 'requesteddatetime', 'receivedat'],
  closedAt: ['办结时间', '结案时间', '完成时间', '关闭时间', '处置完成时间', 'closeddt', 'closeddate', 'closedat'],
  handlingDueAt: ['办理时限', '办结时限', '处置时限', '截止时间', '到期时间', '期限', 'targetdt', 'duedate', 'duedt', 'resolutionduedate'],
  status: ['案件状态', '工单状态', '办理状态', '处理状态', '状态', 'casestatus', 'status'],
  category: ['问题分类', '诉求分类', '诉求类别', '案件类型', '问题类型', '诉求类型', '小类', '分类', '类别', 'type', 'complainttype', 'srtype', 'servicetype', 'requesttype', 'category'],
  department: ['承办单位', '办理单位', '责任单位', '处置部门', '主办单位', '承办部门', '责任部门', 'department', 'agency', 'agencyname'],
  address: ['事发地址', '详细地址', '问题地址', '事发地点', '地址', '地点', 'location', 'address', 'incidentaddress'],
  lng: ['经度', 'lng', 'lon', 'long', 'longitude', 'x坐标', 'x'],
  lat: ['纬度', 'lat', 'latitude', 'y坐标', 'y'],
  street: ['所属街道', '街道乡镇', '街乡', '街道', '乡镇', 'street'],
  community: ['所属社区', '社区村', '社区', 'community'],
  grid: ['所属网格', '网格编号', '网格名称', '网格', 'grid'],
  satisfaction: ['回访满意度', '满意度', '满意程度', '评价', 'satisfaction'],
  reporterName: ['来电人', '诉求人', '反映人', '联系人', '姓名', 'callername', 'reportername'],
  point: ['坐标', '位置坐标', '经纬度', 'geocodedlocation', 'geolocation', 'locationpoint', 'point', 'geom', 'geometry', 'wkt', 'coordinates'],
  reporterPhone: ['联系电话', '来电号码', '来电电话', '手机号码', '电话', 'phone', 'callerphone'],
};

export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[（(][^）)]*[）)]/g, (m) => m.replace(/[（()）]/g, ''))
    .replace(/[\s_\-–—./:：、]+/g, '');
}

/**
 * Suggests a column for each field: exact word matches first, then headers that contain a word
 * (longer words first, so 所属网格 beats 网格); one column per field and one field per column.
 */
export function suggestColumns<F extends string = CaseField>(headers: string[], fieldWords: Record<F, string[]> = FIELD_WORDS as Record<F, string[]>): Partial<Record<F, string>> {
  const normalised = headers.map(normaliseHeader);
  const taken = new Set<number>();
  const result: Partial<Record<F, string>> = {};
  const candidates: { field: F; column: number; score: number }[] = [];
  for (const [field, words] of Object.entries(fieldWords) as [F, string[]][]) {
    words.forEach((word, rank) => {
      normalised.forEach((header, column) => {
        if (!header) return;
        if (header === word) candidates.push({ field, column, score: 1000 - rank });
        else if (word.length >= 2 && /[\u0080-\uffff]/.test(word) && header.includes(word)) candidates.push({ field, column, score: 500 + word.length * 10 - rank });
      });
    });
  }
  // Of several category levels (一级/二级/三级分类, 大类/小类) the finest: GridDesk's minor classes carry departments and limits.
  for (const c of candidates) if (c.field === 'category') c.score += categoryLevel(headers[c.column]!);
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  for (const { field, column } of candidates) {
    if (result[field] !== undefined || taken.has(column)) continue;
    result[field] = headers[column]!;
    taken.add(column);
  }
  return result;
}

function categoryLevel(header: string): number {
  if (/三级|四级|小类|细类/.test(header)) return 3;
  if (/二级|中类/.test(header)) return 2;
  if (/一级|大类/.test(header)) return -5;
  return 0;
}

/** A template is recognised by its headers: the normalised, sorted set of non-generated names. */
export function headerSignature(headers: string[]): string {
  return [...new Set(headers.filter((h) => !/^列\d+$/.test(h)).map(normaliseHeader).filter(Boolean))].sort().join('|');
}

/** Share of a template's headers found in a file's headers (1 = all of them). */
export function signatureOverlap(templateSignature: string, headers: string[]): number {
  const wanted = templateSignature.split('|').filter(Boolean);
  if (!wanted.length) return 0;
  const have = new Set(headers.map(normaliseHeader));
  return wanted.filter((h) => have.has(h)).length / wanted.length;
}
