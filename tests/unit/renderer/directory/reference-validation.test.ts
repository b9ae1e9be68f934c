import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import type { DepartmentRecord } from '../../../../electron/contract/directory';
import { invalidMessage } from '../../../../renderer/src/components/directory/reference-message';
import { checkCalendarDay, checkDepartment, checkLimits } from '../../../../renderer/src/components/directory/reference-validation';
import { zhCN } from '../../../../renderer/src/i18n/zh-CN';

/** The reference-data forms' checks, and their messages as a zh-CN administrator reads them. */
describe('reference data form checks', () => {
  const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN } });
  const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});
  const taken: DepartmentRecord[] = [{ id: 1, code: 'CG', name: '城管执法队', kind: 'functional', phone: null, active: false }];
  const dept = (over: Partial<{ code: string; name: string; kind: string; phone: string }>) => ({ code: 'SW', name: '水务所', kind: 'functional', phone: '', ...over });
  const said = (invalid: ReturnType<typeof checkDepartment>) => (invalid ? invalidMessage(t, invalid) : null);

  it('asks for a code and a name, refuses a code in use (also a deactivated one), lets an edit keep its code', () => {
    expect(said(checkDepartment(dept({ code: ' ' }), taken, true))).toBe('请填写部门编码');
    expect(said(checkDepartment(dept({ code: 'CG' }), taken, true))).toBe('编码 CG 已被其他部门使用');
    expect(checkDepartment(dept({ code: 'CG' }), taken, false)).toBeNull();
    expect(said(checkDepartment(dept({ name: '  ' }), taken, true))).toBe('请填写名称');
    expect(said(checkDepartment(dept({ name: '水'.repeat(101) }), taken, true))).toBe('名称不能超过 100 个字');
  });

  it('takes office phone numbers as people write them and refuses letters', () => {
    for (const phone of ['', '010-6400 1234', '(010)64001234', '+86 10 6400 1234', '12345转2']) expect(checkDepartment(dept({ phone }), taken, true)).toBeNull();
    expect(said(checkDepartment(dept({ phone: 'call me' }), taken, true))).toMatch(/^电话只能包含数字/);
  });

  it('takes an empty limit as none and refuses zero, negatives and more than the services allow', () => {
    expect(checkLimits(null, undefined)).toBeNull();
    expect(checkLimits(0.5, 3650)).toBeNull();
    expect(said(checkLimits(0, 5))).toMatch(/^响应时限须为大于 0/);
    expect(said(checkLimits(2, -1))).toMatch(/^处置时限须为大于 0/);
    expect(checkLimits(10_001, 5)?.key).toBe('hours');
    expect(checkLimits(2, 3651)?.key).toBe('days');
  });

  it('needs a date and a short name for a calendar day', () => {
    expect(said(checkCalendarDay(null, ''))).toBe('请选择日期');
    expect(checkCalendarDay('2027-02-06', '春节调休上班')).toBeNull();
    expect(said(checkCalendarDay('2027-02-06', '节'.repeat(51)))).toBe('名称不能超过 50 个字');
  });
});
