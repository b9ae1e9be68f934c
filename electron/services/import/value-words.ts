import type { CaseStatus, Satisfaction } from '../../contract/cases';

/** Built-in meanings of status words in hotline and ledger exports; a mapping's own list comes first. */
const STATUS_WORDS: [RegExp, CaseStatus][] = [
  [/^(closed|close|已?办结|已?结案|已?关闭|已?完成|已?归档|resolved|completed)$/i, 'closed'],
  [/^(已?核查|已?核实|verified)$/i, 'verified'],
  [/^(已?处置|待核查|已?反馈|handled)$/i, 'handled'],
  [/^(已?派遣|已?派单|已?转办|assigned|dispatched)$/i, 'dispatched'],
  [/^(open|opened|in progress|inprogress|处理中|办理中|处置中|pending|进行中)$/i, 'in_progress'],
  [/^(已?立案|registered)$/i, 'registered'],
  [/^(新建|待受理|已?受理|new|received)$/i, 'received'],
  [/^(已?退单|已?退回|returned)$/i, 'returned'],
  [/^(挂账|已?挂起|暂缓|suspended|on hold)$/i, 'suspended'],
];

const SATISFACTION_WORDS: [RegExp, Satisfaction][] = [
  [/^(基本满意|比较满意|basically satisfied|somewhat satisfied)$/i, 'basically_satisfied'],
  [/^(不满意|非常不满意|很不满意|unsatisfied|dissatisfied|not satisfied)$/i, 'unsatisfied'],
  [/^(满意|非常满意|很满意|satisfied|very satisfied)$/i, 'satisfied'],
];

export function statusFromWord(word: string): CaseStatus | null {
  const text = word.trim();
  return STATUS_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

export function satisfactionFromWord(word: string): Satisfaction | null {
  const text = word.trim();
  return SATISFACTION_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** What statistics tools and databases write for "no value" (R, pandas, SQL exports, Excel's #N/A). */
const EMPTY_MARKER = /^(?:na|n\/a|#n\/a|null|none|nan|nil|\\n|-|—|--)$/i;

export function isEmptyMarker(value: string): boolean {
  return value.length <= 4 && EMPTY_MARKER.test(value);
}
