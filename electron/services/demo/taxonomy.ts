/**
 * Departments and the two-level case taxonomy of the demo. Modelled on the digital urban management
 * standards (部件/事件, GB/T 30428, CJ/T 214) plus Beijing 12345's citizen classes; the codes, time
 * limits and default departments are plausible values, not an official table.
 */
import type { CaseSourceName } from './patterns';

export type DepartmentKind = 'functional' | 'public_service' | 'street_office' | 'center';

export interface DepartmentSpec {
  code: string;
  name: string;
  kind: DepartmentKind;
}

/** District departments and public-service companies (street offices and the center are added per district). */
export const DEPARTMENTS: DepartmentSpec[] = [
  { code: 'F01', name: '区城管执法局', kind: 'functional' },
  { code: 'F02', name: '区住建委', kind: 'functional' },
  { code: 'F03', name: '区市场监管局', kind: 'functional' },
  { code: 'F04', name: '区交通委', kind: 'functional' },
  { code: 'F05', name: '东城公安分局', kind: 'functional' },
  { code: 'F06', name: '区生态环境局', kind: 'functional' },
  { code: 'F07', name: '区水务局', kind: 'functional' },
  { code: 'F08', name: '区园林绿化局', kind: 'functional' },
  { code: 'F09', name: '区卫健委', kind: 'functional' },
  { code: 'F10', name: '区房管局', kind: 'functional' },
  { code: 'P01', name: '供热办（热力公司）', kind: 'public_service' },
  { code: 'P02', name: '供电公司', kind: 'public_service' },
  { code: 'P03', name: '自来水公司', kind: 'public_service' },
  { code: 'P04', name: '燃气公司', kind: 'public_service' },
];

/** Monthly multipliers (index 0 = January): the seasonality planted in the demo cases. */
export const SEASONS = {
  flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  // Beijing's heating season runs 15 Nov – 15 Mar; complaints spike when it starts.
  heating: [5, 3.5, 1.8, 0.15, 0.08, 0.08, 0.08, 0.08, 0.08, 0.5, 10, 6],
  heatingFee: [0.6, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.4, 2, 3, 1.5],
  summer: [0.6, 0.6, 0.7, 0.9, 1.3, 2.2, 2.6, 2.3, 1.3, 0.9, 0.6, 0.6],
  rain: [0.2, 0.2, 0.3, 0.4, 0.6, 1.5, 4, 3, 1, 0.4, 0.2, 0.2],
  dust: [0.7, 0.8, 2, 2.5, 1.8, 1, 0.7, 0.7, 0.8, 0.9, 0.8, 0.7],
  construction: [0.4, 0.3, 1, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.1, 0.8, 0.6],
  greening: [0.5, 0.5, 0.9, 1.5, 1.6, 1.5, 1.6, 1.5, 1.2, 1, 0.6, 0.5],
} as const;
export type SeasonName = keyof typeof SEASONS;

export interface MinorClass {
  code: string;
  name: string;
  nameEn: string;
  department: string;
  responseHours: number;
  handlingDays: number;
  basis?: 'working' | 'natural';
  /** Relative frequency among all cases. */
  weight: number;
  season?: SeasonName;
  titles: string[];
}

export interface MajorClass {
  code: string;
  name: string;
  nameEn: string;
  kind: 'component' | 'event';
  /** Share of each source among this class's cases. */
  sources: Record<CaseSourceName, number>;
  children: MinorClass[];
}

const COMPONENT_SOURCES = { hotline: 0.25, patrol: 0.6, self: 0.1, proactive: 0.05 };
const URBAN_SOURCES = { hotline: 0.45, patrol: 0.4, self: 0.1, proactive: 0.05 };
const URGENT_SOURCES = { hotline: 0.7, patrol: 0.2, self: 0.1, proactive: 0 };
const CITIZEN_SOURCES = { hotline: 0.85, patrol: 0.05, self: 0.03, proactive: 0.07 };

const m = (
  code: string, name: string, nameEn: string, department: string, responseHours: number, handlingDays: number,
  weight: number, titles: string[], season?: SeasonName, basis?: 'working' | 'natural',
): MinorClass => ({ code, name, nameEn, department, responseHours, handlingDays, weight, titles, season, basis });

export const TAXONOMY: MajorClass[] = [
  { code: '01', name: '公用设施', nameEn: 'Public facilities', kind: 'component', sources: COMPONENT_SOURCES, children: [
    m('0101', '井盖', 'Manhole cover', 'P03', 2, 1, 3, ['井盖破损', '井盖缺失', '井盖松动有异响']),
    m('0102', '路灯', 'Street lamp', 'P02', 8, 3, 3.5, ['路灯不亮', '路灯灯杆倾斜', '路灯白天常亮']),
    m('0103', '消防栓', 'Fire hydrant', 'P03', 8, 5, 0.8, ['消防栓漏水', '消防栓被遮挡']),
    m('0104', '电力设施', 'Power facility', 'P02', 4, 3, 1, ['电线杆倾斜', '电力箱门损坏']),
    m('0105', '燃气设施', 'Gas facility', 'P04', 2, 2, 0.6, ['燃气管线标识缺失', '燃气调压箱损坏']),
  ] },
  { code: '02', name: '道路交通', nameEn: 'Roads and traffic', kind: 'component', sources: COMPONENT_SOURCES, children: [
    m('0201', '交通标志', 'Traffic sign', 'F04', 8, 5, 1.2, ['交通标志牌歪斜', '交通标志被遮挡']),
    m('0202', '护栏', 'Guardrail', 'F04', 8, 5, 1.4, ['道路护栏损坏', '护栏倒伏']),
    m('0203', '交通信号灯', 'Traffic light', 'F05', 2, 1, 0.8, ['信号灯故障', '信号灯配时不合理']),
    m('0204', '公交站亭', 'Bus shelter', 'F04', 8, 7, 0.6, ['公交站亭玻璃破损', '站牌信息缺失']),
    m('0205', '道路破损', 'Damaged road surface', 'F04', 8, 7, 2.2, ['路面坑洼', '人行道方砖松动']),
  ] },
  { code: '03', name: '市容环境设施', nameEn: 'Sanitation facilities', kind: 'component', sources: COMPONENT_SOURCES, children: [
    m('0301', '垃圾箱', 'Litter bin', 'F01', 8, 3, 1.6, ['垃圾箱破损', '果皮箱缺失']),
    m('0302', '公厕', 'Public toilet', 'F01', 4, 3, 1.3, ['公厕设施损坏', '公厕卫生差']),
    m('0303', '广告牌匾', 'Shop sign', 'F01', 8, 7, 0.9, ['牌匾破损有坠落隐患', '广告牌匾不规范']),
    m('0304', '休闲座椅', 'Bench', 'F08', 8, 7, 0.5, ['座椅损坏', '座椅缺失']),
  ] },
  { code: '04', name: '园林绿化', nameEn: 'Landscaping', kind: 'component', sources: COMPONENT_SOURCES, children: [
    m('0401', '行道树', 'Street tree', 'F08', 8, 5, 1.6, ['行道树枯死', '树枝遮挡路灯', '树木需修剪'], 'greening'),
    m('0402', '绿地', 'Green space', 'F08', 12, 7, 1, ['绿地被踩踏', '绿地内有杂物'], 'greening'),
    m('0403', '花坛', 'Flower bed', 'F08', 12, 7, 0.5, ['花坛破损', '花坛缺苗'], 'greening'),
  ] },
  { code: '05', name: '市容环境', nameEn: 'City appearance', kind: 'event', sources: URBAN_SOURCES, children: [
    m('0501', '暴露垃圾', 'Exposed garbage', 'F01', 2, 1, 4.5, ['路边暴露垃圾', '垃圾堆放未清运']),
    m('0502', '乱堆物料', 'Piled materials', 'F01', 4, 2, 2.4, ['楼道乱堆物料', '路边乱堆杂物']),
    m('0503', '道路不洁', 'Unclean road', 'F01', 2, 1, 1.8, ['路面有油污', '道路清扫不及时']),
    m('0504', '小广告', 'Illegal flyers', 'F01', 8, 2, 1.6, ['墙面张贴小广告', '乱涂乱画']),
  ] },
  { code: '06', name: '街面秩序', nameEn: 'Street order', kind: 'event', sources: URBAN_SOURCES, children: [
    m('0601', '无照经营游商', 'Unlicensed vendors', 'F01', 2, 1, 2, ['无照游商占道', '流动摊贩经营']),
    m('0602', '占道经营', 'Business on the pavement', 'F01', 2, 2, 2.6, ['店外占道经营', '商户出店经营']),
    m('0603', '共享单车乱停放', 'Badly parked shared bikes', 'F04', 4, 1, 1.8, ['共享单车堆积', '单车堵塞盲道'], 'summer'),
  ] },
  { code: '07', name: '施工管理', nameEn: 'Construction sites', kind: 'event', sources: URBAN_SOURCES, children: [
    m('0701', '施工扰民', 'Construction disturbance', 'F02', 4, 3, 1.6, ['工地施工扰民', '装修施工扰民'], 'construction'),
    m('0702', '工地扬尘', 'Construction dust', 'F06', 4, 2, 1.2, ['工地扬尘', '渣土未苫盖'], 'dust'),
    m('0703', '道路遗撒', 'Spilled loads', 'F01', 2, 1, 0.7, ['渣土车遗撒', '道路遗撒泥土'], 'construction'),
    m('0704', '占道施工', 'Roadworks without permit', 'F04', 4, 5, 0.6, ['占道施工未设围挡', '施工占用人行道'], 'construction'),
  ] },
  { code: '08', name: '突发事件', nameEn: 'Emergencies', kind: 'event', sources: URGENT_SOURCES, children: [
    m('0801', '路面塌陷', 'Road collapse', 'F04', 1, 1, 0.15, ['路面塌陷', '路面下沉'], 'rain', 'natural'),
    m('0802', '水管爆裂', 'Burst water main', 'P03', 1, 1, 0.35, ['自来水管爆裂', '地下水管漏水'], 'flat', 'natural'),
    m('0803', '燃气泄漏', 'Gas leak', 'P04', 1, 1, 0.1, ['闻到燃气味', '燃气管道泄漏'], 'flat', 'natural'),
    m('0804', '树木倒伏', 'Fallen tree', 'F08', 1, 1, 0.3, ['大风树木倒伏', '树枝折断压线'], 'rain', 'natural'),
    m('0805', '道路积水', 'Flooded road', 'F07', 1, 1, 0.5, ['道路积水', '雨水篦子堵塞'], 'rain', 'natural'),
  ] },
  { code: '09', name: '供暖', nameEn: 'Heating', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('0901', '室温不达标', 'Room temperature too low', 'P01', 4, 2, 2.2, ['室温不达标', '家中室温偏低'], 'heating'),
    m('0902', '暖气不热', 'Radiators not warm', 'P01', 4, 2, 1.8, ['暖气不热', '暖气片上热下凉'], 'heating'),
    m('0903', '暖气漏水', 'Leaking radiator', 'P01', 2, 1, 0.6, ['暖气漏水', '供暖管道跑水'], 'heating'),
    m('0904', '供暖费', 'Heating fees', 'P01', 24, 10, 0.6, ['供暖费缴纳咨询', '供暖费收费争议'], 'heatingFee'),
  ] },
  { code: '10', name: '物业管理', nameEn: 'Property management', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1001', '物业服务', 'Property services', 'F10', 12, 7, 2.8, ['物业服务不到位', '物业不作为']),
    m('1002', '电梯故障', 'Lift breakdown', 'F03', 4, 3, 1.2, ['电梯故障停运', '电梯经常困人']),
    m('1003', '小区环境', 'Compound environment', 'F10', 12, 7, 1.6, ['小区环境脏乱', '楼道堆物']),
  ] },
  { code: '11', name: '噪音扰民', nameEn: 'Noise', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1101', '社会生活噪音', 'Neighbourhood noise', 'F05', 2, 2, 2.4, ['夜间噪音扰民', '广场舞噪音'], 'summer'),
    m('1102', '商业经营噪音', 'Business noise', 'F01', 2, 2, 1.8, ['商户音响扰民', '餐馆夜间噪音'], 'summer'),
    m('1103', '夜间施工噪音', 'Night-time construction noise', 'F01', 2, 1, 1.2, ['夜间施工噪音', '深夜施工扰民'], 'summer'),
  ] },
  { code: '12', name: '停车管理', nameEn: 'Parking', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1201', '违法停车', 'Illegal parking', 'F05', 2, 1, 3.2, ['车辆乱停乱放', '机动车占用人行道']),
    m('1202', '停车收费', 'Parking fees', 'F04', 12, 7, 0.9, ['停车收费不规范', '胡同停车收费争议']),
    m('1203', '占用消防通道', 'Blocked fire lane', 'F05', 2, 1, 1, ['车辆占用消防通道', '消防通道被堵']),
  ] },
  { code: '13', name: '垃圾分类', nameEn: 'Waste sorting', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1301', '垃圾分类不规范', 'Waste not sorted', 'F01', 12, 5, 1.2, ['垃圾未分类投放', '分类桶站管理不到位']),
    m('1302', '垃圾清运不及时', 'Waste not collected', 'F01', 4, 1, 1.6, ['垃圾清运不及时', '垃圾桶满溢'], 'summer'),
  ] },
  { code: '14', name: '老旧小区改造', nameEn: 'Old compound renovation', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1401', '改造进度', 'Renovation progress', 'F02', 24, 15, 1, ['老旧小区改造进度慢', '改造施工质量问题'], 'construction'),
    m('1402', '加装电梯', 'Adding lifts', 'F02', 24, 15, 0.6, ['加装电梯咨询', '加装电梯意见分歧']),
  ] },
  { code: '15', name: '违法建设', nameEn: 'Illegal construction', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1501', '违法建设', 'Unlicensed building', 'F01', 24, 15, 1, ['违法建设', '楼顶违建']),
    m('1502', '私搭乱建', 'Makeshift structures', 'F01', 12, 10, 1.4, ['院内私搭乱建', '胡同私搭棚亭']),
  ] },
  { code: '16', name: '市场监管', nameEn: 'Market regulation', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1601', '无照经营', 'Unlicensed business', 'F03', 12, 10, 0.8, ['无照经营', '违规经营']),
    m('1602', '食品安全', 'Food safety', 'F03', 4, 5, 0.9, ['餐馆卫生差', '售卖过期食品']),
  ] },
  { code: '17', name: '环境污染', nameEn: 'Pollution', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1701', '餐饮油烟', 'Restaurant fumes', 'F06', 4, 5, 1.3, ['餐饮油烟扰民', '油烟直排']),
    m('1702', '异味污染', 'Odour', 'F06', 4, 5, 0.6, ['异味扰民', '下水道反味'], 'summer'),
  ] },
  { code: '18', name: '水电气', nameEn: 'Utilities', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1801', '停水', 'Water outage', 'P03', 2, 1, 0.8, ['突然停水', '水压低']),
    m('1802', '停电', 'Power outage', 'P02', 2, 1, 0.7, ['突然停电', '电压不稳'], 'summer'),
    m('1803', '燃气服务', 'Gas service', 'P04', 4, 2, 0.4, ['燃气表故障', '燃气报装慢']),
  ] },
  { code: '19', name: '卫生健康', nameEn: 'Health', kind: 'event', sources: CITIZEN_SOURCES, children: [
    m('1901', '病媒生物', 'Rats and pests', 'F09', 8, 5, 0.7, ['老鼠出没', '蚊虫孳生'], 'summer'),
  ] },
];

export const ALL_MINOR_CLASSES: MinorClass[] = TAXONOMY.flatMap((major) => major.children);

export function majorOf(minorCode: string): MajorClass {
  const major = TAXONOMY.find((candidate) => candidate.code === minorCode.slice(0, 2));
  if (!major) throw new Error(`No major class for ${minorCode}`);
  return major;
}
