/** A validation failure as an i18n key under `reference.v` with its values; null when the form may be sent. */
export type Invalid = { key: string; values?: Record<string, string | number> } | null;

export interface DepartmentForm { code: string; name: string; kind: string; phone: string }

// Office lines as people write them: 010-6400 1234, (010)64001234, +86 10 …, 12345转2.
const PHONE = /^[\d\s\-+()（）转]*$/;

/** The contract's limits, checked before the call so the message is the screen's own (in the UI language). */
export function checkDepartment(form: DepartmentForm, others: readonly { code: string }[], isNew: boolean): Invalid {
  const code = form.code.trim();
  const name = form.name.trim();
  if (isNew && !code) return { key: 'codeRequired' };
  if (code.length > 50) return { key: 'tooLong', values: { field: 'dept.code', n: 50 } };
  if (isNew && others.some((d) => d.code === code)) return { key: 'codeTaken', values: { code } };
  if (!name) return { key: 'nameRequired' };
  if (name.length > 100) return { key: 'tooLong', values: { field: 'dept.name', n: 100 } };
  if (!form.kind) return { key: 'kindRequired' };
  if (form.phone.trim().length > 50) return { key: 'tooLong', values: { field: 'dept.phone', n: 50 } };
  if (!PHONE.test(form.phone.trim())) return { key: 'phone' };
  return null;
}

/** Empty (undefined/null) is "no limit"; otherwise more than 0 and at most the contract's maximum. */
export function checkLimits(hours: number | null | undefined, days: number | null | undefined): Invalid {
  const bad = (v: number | null | undefined, max: number) => v !== null && v !== undefined && (!Number.isFinite(v) || v <= 0 || v > max);
  if (bad(hours, 10_000)) return { key: 'hours' };
  if (bad(days, 3650)) return { key: 'days' };
  return null;
}

export function checkCalendarDay(day: string | null, name: string): Invalid {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return { key: 'dayRequired' };
  if (name.trim().length > 50) return { key: 'tooLong', values: { field: 'cal.name', n: 50 } };
  return null;
}
