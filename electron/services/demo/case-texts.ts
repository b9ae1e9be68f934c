/** Short generated Chinese texts for demo cases and their timelines. */
import type { CaseSourceName } from './patterns';
import type { Rng } from './rng';

const SOURCE_LEAD: Record<CaseSourceName, string> = {
  hotline: '市民来电反映：',
  patrol: '网格员巡查发现：',
  self: '视频巡查发现：',
  proactive: '未诉先办，主动发现：',
};
const REQUESTS = ['请尽快处理。', '希望相关部门尽快核实处理。', '要求尽快解决。', '已影响周边居民正常生活，请处理。', '存在安全隐患，请尽快处置。'];

export function description(rng: Rng, source: CaseSourceName, address: string, title: string): string {
  return `${SOURCE_LEAD[source]}${address}附近${title}，${rng.pick(REQUESTS)}`;
}

const HANDLING: Record<string, string[]> = {
  '01': ['已更换损坏部件，恢复正常使用', '已完成维修并现场试用正常'],
  '02': ['已修复并设置警示标志', '已完成维修，恢复通行'],
  '03': ['已维修清洁完毕', '已更换设施'],
  '04': ['已完成修剪和补植', '已清理绿地杂物'],
  '05': ['已清理完毕，恢复整洁', '已安排保洁人员清运'],
  '06': ['已劝离并登记，加强巡查', '已依法处罚并责令整改'],
  '07': ['已责令施工单位整改，落实降尘措施', '已调整施工时间并告知居民'],
  '08': ['已抢修完毕，恢复正常', '已设置围挡并完成抢修'],
  '09': ['已入户测温并调整管网，室温达标', '已排气放水，暖气恢复正常'],
  '10': ['已约谈物业公司，限期整改完毕', '已督促物业维修完毕'],
  '11': ['已现场劝导，噪音已停止', '已责令商户降低音量并签订承诺书'],
  '12': ['已联系车主挪车并加强巡查', '已施划停车位，规范停放'],
  '13': ['已增加清运频次', '已整改桶站并开展入户宣传'],
  '14': ['已向居民说明改造计划及进度', '已协调施工单位加快进度'],
  '15': ['已依法拆除', '已下达限期整改通知书'],
  '16': ['已立案调查并责令整改', '已现场检查，责令停业整顿'],
  '17': ['已责令安装油烟净化设备', '已现场检测并督促整改'],
  '18': ['已恢复供应', '已完成维修并告知居民'],
  '19': ['已开展灭鼠消杀', '已清理孳生地'],
};

export function handlingNote(rng: Rng, categoryCode: string): string {
  return rng.pick(HANDLING[categoryCode.slice(0, 2)] ?? ['已处置完毕']);
}

export const RETURN_REASONS = ['非本单位职责，申请退回', '地址不在本单位管辖范围', '诉求应由产权单位处理，申请退回'];
export const WHISTLE_REASONS = ['涉及多部门职责，需联合处置', '问题反复出现，单一部门难以解决', '涉及违法建设，需联合执法', '需多部门现场会商'];
export const WHISTLE_ACTIONS = ['到场核查，配合联合执法', '现场查看并出具处置意见', '派员到场，完成职责范围内整改', '参加现场会商，明确责任分工'];
export const EXTENSION_REASONS = ['需协调产权单位，申请延期', '施工周期较长，申请延期', '需等待配件到货，申请延期'];
export const SUSPENSION_REASON = '需列入财政预算统筹解决，暂时挂账';
export const VERIFY_NOTES = ['现场核查，已处置完毕', '经核查问题已解决', '现场复核属实，处置到位'];
export const CALLBACK_NOTES: Record<string, string> = {
  satisfied: '回访：诉求人表示满意',
  basically_satisfied: '回访：诉求人表示基本满意',
  unsatisfied: '回访：诉求人表示不满意',
};
