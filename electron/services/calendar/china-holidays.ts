/**
 * China's official public holidays and make-up working days (调休上班), as published by the General
 * Office of the State Council:
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号 (12 Nov 2024).
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号 (4 Nov 2025).
 * These are the default rows of the calendar_days table; a workspace can add or change days
 * (later years, local arrangements) without a new release.
 */
export interface CalendarDay {
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

type Span = [first: string, last: string, name: string];

const HOLIDAYS: Span[] = [
  ['2025-01-01', '2025-01-01', '元旦'],
  ['2025-01-28', '2025-02-04', '春节'],
  ['2025-04-04', '2025-04-06', '清明节'],
  ['2025-05-01', '2025-05-05', '劳动节'],
  ['2025-05-31', '2025-06-02', '端午节'],
  ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
  ['2026-01-01', '2026-01-03', '元旦'],
  ['2026-02-15', '2026-02-23', '春节'],
  ['2026-04-04', '2026-04-06', '清明节'],
  ['2026-05-01', '2026-05-05', '劳动节'],
  ['2026-06-19', '2026-06-21', '端午节'],
  ['2026-09-25', '2026-09-27', '中秋节'],
  ['2026-10-01', '2026-10-07', '国庆节'],
];

/** Weekend days that are working days, with the holiday they make up for. */
const MAKE_UP_WORKDAYS: [day: string, name: string][] = [
  ['2025-01-26', '春节调休上班'],
  ['2025-02-08', '春节调休上班'],
  ['2025-04-27', '劳动节调休上班'],
  ['2025-09-28', '国庆节调休上班'],
  ['2025-10-11', '国庆节调休上班'],
  ['2026-01-04', '元旦调休上班'],
  ['2026-02-14', '春节调休上班'],
  ['2026-02-28', '春节调休上班'],
  ['2026-05-09', '劳动节调休上班'],
  ['2026-09-20', '国庆节调休上班'],
  ['2026-10-10', '国庆节调休上班'],
];

function daysOf([first, last, name]: Span): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    days.push({ day: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return days;
}

export const CHINA_OFFICIAL_DAYS: CalendarDay[] = [
  ...HOLIDAYS.flatMap(daysOf),
  ...MAKE_UP_WORKDAYS.map(([day, name]) => ({ day, kind: 'workday' as const, name })),
].sort((a, b) => a.day.localeCompare(b.day));

export const CHINA_OFFICIAL_SOURCE = '国办发明电〔2024〕12号（2025年）、国办发明电〔2025〕7号（2026年）';
