import type { MonthInfo } from '@contract/analytics';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The label a partial or empty month carries wherever it is shown (本月进行中 · 截至12月4日); null for a complete month. */
export function monthBadge(info: MonthInfo | null | undefined, t: Translate): string | null {
  if (!info || info.state === 'complete') return null;
  if (info.state === 'empty') return t('months.empty');
  const m = Number(info.month.slice(5));
  return t(info.inProgress ? 'months.inProgress' : 'months.cutOff', { m, d: info.throughDay });
}

/** A month picker's option label: the month, marked when it is partial or has no data. */
export function monthOption(info: MonthInfo | undefined, month: string, t: Translate): string {
  if (!info || info.state === 'complete') return month;
  return t(info.state === 'empty' ? 'months.optionEmpty' : 'months.optionPartial', { month });
}
