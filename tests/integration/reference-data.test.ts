import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarRepository } from '../../electron/services/calendar/calendar.repository';
import { DirectoryRepository } from '../../electron/services/directory/directory.repository';
import { ReferenceDataService } from '../../electron/services/directory/reference-data.service';
import { openDemoWorkflow } from '../fixtures/demo-workflow';
import { tempDir } from '../support/temp';

/**
 * What the administrator's reference-data screen needs of ReferenceDataService on a copy of the
 * demo: a category's day basis is edited and travels, deactivated departments stay listed (they are
 * turned back on, never deleted), and an impossible calendar day is refused.
 */
describe('reference data for the administrator\'s screen', () => {
  async function open() {
    const { workspace } = await openDemoWorkflow(path.join(tempDir('griddesk-refdata-'), 'ws'), () => Date.UTC(2026, 10, 2, 2));
    const db = workspace.db;
    const directory = new DirectoryRepository(db);
    const service = new ReferenceDataService(directory, new CalendarRepository(db), () => Date.UTC(2026, 10, 2, 2));
    const lastEdit = (kind: string, key: string) =>
      JSON.parse(db.get<{ v: string }>('SELECT "values" AS v FROM reference_edits WHERE kind = ? AND key = ? ORDER BY id DESC LIMIT 1', [kind, key])!.v) as Record<string, unknown>;
    return { workspace, db, directory, service, lastEdit };
  }

  it('sets a category\'s time basis, keeps it when the input leaves it out, and logs it in the edit that travels', async () => {
    const { workspace, directory, service, lastEdit } = await open();
    try {
      const category = directory.categories().find((c) => c.level === 2 && c.timeBasis === 'working')!;
      expect(category).toBeDefined();
      const natural = service.saveCategoryLimits({ code: category.code, responseLimitHours: 4, handlingLimitDays: 9, defaultDepartmentId: category.defaultDepartmentId, timeBasis: 'natural' });
      expect(natural.find((c) => c.code === category.code)).toMatchObject({ responseLimitHours: 4, handlingLimitDays: 9, timeBasis: 'natural' });
      expect(lastEdit('category', category.code)).toMatchObject({ handlingLimitDays: 9, timeBasis: 'natural' });

      const kept = service.saveCategoryLimits({ code: category.code, responseLimitHours: 4, handlingLimitDays: 10, defaultDepartmentId: category.defaultDepartmentId });
      expect(kept.find((c) => c.code === category.code)).toMatchObject({ handlingLimitDays: 10, timeBasis: 'natural' });
    } finally {
      await workspace.close();
    }
  });

  it('lists a deactivated department with its phone so it can be turned back on', async () => {
    const { workspace, directory, service } = await open();
    try {
      service.saveDepartment({ code: 'T-REF-1', name: '测试水务所', kind: 'public_service', phone: '010-6400 1234', active: true });
      const active = service.saveDepartment({ code: 'T-REF-1', name: '测试水务所', kind: 'public_service', phone: '010-6400 1234', active: false });
      expect(active.some((d) => d.code === 'T-REF-1')).toBe(false);
      const record = directory.departmentRecords().find((d) => d.code === 'T-REF-1');
      expect(record).toMatchObject({ name: '测试水务所', kind: 'public_service', phone: '010-6400 1234', active: false });
      // The active ones come first, as the screen lists them.
      const records = directory.departmentRecords();
      expect(records.findIndex((d) => !d.active)).toBeGreaterThan(records.findLastIndex((d) => d.active));
    } finally {
      await workspace.close();
    }
  });

  it('edits the limits of a category whose default department was deactivated, but refuses choosing a deactivated one', async () => {
    const { workspace, directory, service } = await open();
    try {
      const [first, second] = directory.categories().filter((c) => c.level === 2);
      const department = directory.departmentRecords().find((d) => d.id === first!.defaultDepartmentId)!;
      service.saveDepartment({ code: department.code, name: department.name, kind: department.kind as 'functional', phone: department.phone, active: false });
      const saved = service.saveCategoryLimits({ code: first!.code, responseLimitHours: 6, handlingLimitDays: 4, defaultDepartmentId: department.id });
      expect(saved.find((c) => c.code === first!.code)).toMatchObject({ responseLimitHours: 6, handlingLimitDays: 4, defaultDepartmentId: department.id });
      expect(second!.defaultDepartmentId).not.toBe(department.id);
      expect(() => service.saveCategoryLimits({ code: second!.code, responseLimitHours: 6, handlingLimitDays: 4, defaultDepartmentId: department.id })).toThrow(/在用部门/);
    } finally {
      await workspace.close();
    }
  });

  it('refuses a day that does not exist (2026-02-30) and writes nothing', async () => {
    const { workspace, db, service } = await open();
    try {
      const edits = db.get<{ n: number }>('SELECT count(*) AS n FROM reference_edits')!.n;
      expect(() => service.saveCalendarDay({ day: '2026-02-30', kind: 'holiday', name: '不存在' })).toThrow(/不是有效的日期/);
      expect(service.calendarDays().some((d) => d.day.startsWith('2026-03-0') && d.name === '不存在')).toBe(false);
      expect(service.calendarDays().some((d) => d.day === '2026-02-30')).toBe(false);
      expect(db.get<{ n: number }>('SELECT count(*) AS n FROM reference_edits')!.n).toBe(edits);
      expect(service.saveCalendarDay({ day: '2027-02-28', kind: 'workday', name: '调休上班' }).find((d) => d.day === '2027-02-28')).toMatchObject({ kind: 'workday' });
    } finally {
      await workspace.close();
    }
  });
});
