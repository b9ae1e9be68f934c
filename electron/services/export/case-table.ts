import { maskAddress, maskFreeText, maskName, maskPhone } from '../cases/personal-data';
import type { ExportCaseRow } from './export.repository';

const STATUS_ZH: Record<string, string> = {
  received: '受理', registered: '立案', dispatched: '派遣', in_progress: '处置中', handled: '已处置', verified: '已核查',
  closed: '结案', returned: '退单', suspended: '挂账', escalated: '提级',
};
const SOURCE_ZH: Record<string, string> = { hotline: '12345热线', patrol: '巡查上报', self: '自行发现', import: '批量导入', proactive: '主动治理' };
const SATISFACTION_ZH: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

export type Cell = string | number | Date | null;

/** A column of the case export: Chinese header, width in characters, and how to get the value. */
export interface ExportColumn {
  header: string;
  width: number;
  date?: true;
  value(row: ExportCaseRow, masked: boolean): string | number | null;
}

export const CASE_COLUMNS: ExportColumn[] = [
  { header: '案件编号', width: 16, value: (r) => r.caseNo },
  { header: '外部编号', width: 16, value: (r) => r.externalNo },
  { header: '来源', width: 10, value: (r) => SOURCE_ZH[r.source] ?? r.source },
  { header: '状态', width: 8, value: (r) => STATUS_ZH[r.status] ?? r.status },
  { header: '标题', width: 30, value: (r, masked) => (masked ? maskFreeText(r.title) : r.title) },
  { header: '问题描述', width: 40, value: (r, masked) => (masked ? maskFreeText(r.description) : r.description) },
  { header: '问题分类', width: 14, value: (r) => r.categoryName },
  { header: '地址', width: 30, value: (r, masked) => (masked ? maskAddress(r.address) : r.address) },
  { header: '所属街道', width: 12, value: (r) => r.streetName },
  { header: '所属社区', width: 12, value: (r) => r.communityName },
  { header: '所属网格', width: 14, value: (r) => r.gridName },
  { header: '经度', width: 11, value: (r) => r.lng },
  { header: '纬度', width: 11, value: (r) => r.lat },
  { header: '受理时间', width: 17, date: true, value: (r) => r.receivedAt },
  { header: '办理时限', width: 17, date: true, value: (r) => r.handlingDueAt },
  { header: '办结时间', width: 17, date: true, value: (r) => r.closedAt },
  { header: '满意度', width: 9, value: (r) => (r.satisfaction ? SATISFACTION_ZH[r.satisfaction] ?? r.satisfaction : null) },
  { header: '承办单位', width: 16, value: (r) => r.departmentName },
  { header: '诉求人', width: 9, value: (r, masked) => (masked ? maskName(r.reporterName) : r.reporterName) },
  { header: '联系电话', width: 14, value: (r, masked) => (masked ? maskPhone(r.reporterPhone) : r.reporterPhone) },
];

const shanghai = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** Epoch ms as the wall-clock text an operator in Beijing reads: 2026-03-05 14:02. */
export function shanghaiText(ms: number): string {
  return shanghai.format(new Date(ms));
}

/**
 * Epoch ms as an Excel date showing Beijing wall-clock time: Excel dates carry no zone, so the
 * serial is the Beijing time (UTC+8, no daylight saving) taken as if it were UTC.
 */
export function shanghaiExcelDate(ms: number): Date {
  return new Date(ms + 8 * 3_600_000);
}
